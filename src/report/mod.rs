//! Renders a [`Report`](crate::Report) in the formats of SPEC §6.

pub mod github;
pub mod human;
pub mod inventory;
pub mod json;
pub mod sarif;
pub mod terminal;

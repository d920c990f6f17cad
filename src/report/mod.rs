//! Renders a [`Report`](crate::Report) in the formats of SPEC §6.

pub mod concise;
pub mod elide;
pub mod explain;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod inventory;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod terminal;
pub mod timings;

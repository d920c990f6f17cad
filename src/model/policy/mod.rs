//! The policy model and its extraction from every Terraform form.

mod document;
pub mod extract;
pub mod from_value;
pub mod issuer;
pub mod model;
pub mod modules;

pub use model::{Condition, Leaf, Leaves, Policy, PolicyForm, Principal, Statement};

//! The policy model and its extraction from every Terraform form.

mod document;
pub mod extract;
pub mod from_value;
pub mod issuer;
pub mod model;

pub(crate) use document::expand_dynamic;
pub use model::{Condition, InvalidLoop, Leaf, Leaves, Policy, PolicyForm, Principal, Statement};

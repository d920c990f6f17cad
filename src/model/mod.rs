//! What rules read: the trust policies of a module in every form, and registry modules'
//! policies rebuilt from their inputs.

pub mod facts;
pub mod policy;
pub mod workspace;

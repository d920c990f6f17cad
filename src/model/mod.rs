//! What rules read: the trust policies of a module in every form, what irsa-lint knows of
//! registry modules (their policies rebuilt from their inputs), and the facts of each module.

pub mod facts;
pub mod known_modules;
pub mod policy;
pub mod workspace;

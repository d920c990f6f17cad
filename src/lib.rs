//! irsa-lint: a static analyzer for IAM trust policies of web-identity federation (EKS IRSA,
//! GitHub Actions, HCP Terraform, Pod Identity) written in Terraform.
//!
//! The data flows one way: [`discover`] → [`parse`] → [`module`] → [`eval`] → [`policy`] →
//! [`rules`] → [`report`]. [`check::check`] runs the whole pipeline.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod eval;
pub mod fingerprint;
pub mod fix;
pub mod fsio;
pub mod module;
pub mod parse;
pub mod policy;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;

pub use check::{Report, Selection, check};
pub use diagnostic::{Diagnostic, Severity};

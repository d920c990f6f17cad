//! irsa-lint: a static analyzer for IAM trust policies of web-identity federation (EKS IRSA,
//! GitHub Actions, HCP Terraform, Pod Identity) written in Terraform.
//!
//! Each folder is one layer, and a layer imports only the layers above it in this list
//! (`tests/layers.rs` checks it):
//!
//! 1. [`base`]: files, spans, diagnostics, rule metadata, AWS names: what every layer shares.
//! 2. [`value`]: symbolic values (known text mapped to bytes, apply-time symbols with a shape).
//! 3. [`input`]: files → syntax: the walk, HCL and JSON parsing, the blocks of a module.
//! 4. [`eval`]: Terraform semantics: expressions → values.
//! 5. [`model`]: what rules read: trust policies, registry modules, facts of each module.
//! 6. [`rules`]: one file per rule; rules read the model only.
//! 7. [`engine`]: runs the pipeline and owns the filters: selection, config, suppressions,
//!    baseline, fixes.
//! 8. [`report`]: renders a report in each output format.
//! 9. [`cli`]: the command line; the one place that prints.

pub mod base;
pub mod cli;
pub mod engine;
pub mod eval;
pub mod input;
pub mod model;
pub mod report;
pub mod rules;
pub mod value;

pub use base::diagnostic::{Diagnostic, Severity};
pub use engine::check::{Report, check};
pub use engine::selection::Selection;

//! CI issuers: GitHub Actions, HCP Terraform, GitLab.

pub mod gh001;
pub mod gh002;
pub mod gl001;
pub(crate) mod helpers;
pub mod tfc001;

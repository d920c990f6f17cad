//! How registry modules are called: sources and versions that `terraform init` cannot install.

pub mod mod001;

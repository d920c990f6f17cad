//! Files → syntax: the walk that finds modules, the HCL and JSON parsers, the YAML reader for
//! Kubernetes manifests, and the blocks of one module indexed by address.

pub mod discover;
pub mod module;
pub mod parse;
pub mod reference;
pub mod yaml;

//! Runs the pipeline and owns every filter: rule selection, configuration, suppressions,
//! the baseline, and fixes.

pub mod baseline;
pub mod check;
pub mod config;
pub mod fingerprint;
pub mod fix;
mod instances;
mod json_fixes;
mod load;
pub mod selection;
pub mod suppress;

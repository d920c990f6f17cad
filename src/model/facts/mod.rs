//! Facts of one module, built once before any rule runs: what rules need to know about the
//! module's resources besides its trust policies. Rules read them; they never evaluate.

pub mod infra;
pub mod pod_identity;

//! IAM OIDC provider rules.

pub mod oidcp001;
pub mod oidcp002;
pub mod oidcp003;
pub mod oidcp004;

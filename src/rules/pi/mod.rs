//! EKS Pod Identity rules.

pub(crate) mod helpers;
pub mod pi001;
pub mod pi002;
pub mod pi003;
pub mod pi004;
pub mod pi005;

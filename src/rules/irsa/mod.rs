//! EKS IRSA rules: service-account subjects and cluster issuers.

pub(crate) mod helpers;
pub mod irsa001;
pub mod irsa002;
pub mod irsa003;
pub mod irsa004;
pub mod irsa005;

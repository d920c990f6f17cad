//! OIDC providers, EKS clusters, AWS provider regions and roles of a module (moved here from
//! the rules).

//! EKS Pod Identity associations of a module, collected once (moved here from the rules).

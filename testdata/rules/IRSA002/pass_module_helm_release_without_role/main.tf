variable "with_role" {
  type = bool
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

# No role (the default), a disabled release, and a role whose existence is not known.
module "no_role" {
  source                      = "cloudposse/helm-release/aws"
  chart                       = "metrics-server"
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

module "disabled" {
  source                      = "cloudposse/helm-release/aws"
  enabled                     = false
  chart                       = "metrics-server"
  iam_role_enabled            = true
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

module "maybe" {
  source                      = "cloudposse/helm-release/aws"
  chart                       = "metrics-server"
  iam_role_enabled            = var.with_role
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

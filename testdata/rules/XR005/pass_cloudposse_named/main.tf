module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

variable "service_account" {
  type = string
}

module "named" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
  service_account_name        = "external-dns"
  service_account_namespace   = "external-dns"
}

# The list names the ServiceAccounts.
module "listed" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  eks_cluster_oidc_issuer_url         = module.eks.cluster_oidc_issuer_url
  service_account_namespace_name_list = ["monitoring:prometheus"]
}

# A namespace without a name (`monitoring:*`) is IRSA002's, not `*:*`.
module "namespace_only" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
  service_account_namespace   = "monitoring"
}

# Not known here: may name a ServiceAccount.
module "from_variable" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
  service_account_name        = var.service_account
}

# No role.
module "disabled" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  enabled                     = false
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

module "helm_without_role" {
  source  = "cloudposse/helm-release/aws"
  version = "0.10.1"

  chart                       = "external-dns"
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

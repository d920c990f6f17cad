module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

# The module coalesces "" to "*" like null: this trusts every service account.
module "eks_iam_role" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
  service_account_name        = ""
  service_account_namespace   = ""
}

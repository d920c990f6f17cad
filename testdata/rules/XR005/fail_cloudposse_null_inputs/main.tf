module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

# Written out as null and an empty list: still no ServiceAccount, so `*:*`.
module "eks_iam_role" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  eks_cluster_oidc_issuer_url         = module.eks.cluster_oidc_issuer_url
  service_account_name                = null
  service_account_namespace           = null
  service_account_namespace_name_list = []
}

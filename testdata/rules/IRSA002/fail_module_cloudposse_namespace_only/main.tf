module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

# No name: cloudposse renders `monitoring:*`, every ServiceAccount of the namespace (XR005
# reports only the `*:*` of a call that names no ServiceAccount at all).
module "monitoring" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
  service_account_namespace   = "monitoring"
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# No service_account_name or namespace: cloudposse renders system:serviceaccount:*:*.
module "eks_iam_role" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
  aws_account_number          = "111122223333"
}

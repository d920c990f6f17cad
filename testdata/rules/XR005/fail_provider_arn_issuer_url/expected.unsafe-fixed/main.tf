module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

# The issuer URL where the provider ARN belongs: the module trusts `https://…` as the
# Federated principal and keys its conditions on it.
module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "ebs-csi"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }
}

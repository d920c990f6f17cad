module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

module "karpenter_irsa" {
  source               = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  name                 = "karpenter"
  trust_condition_test = "StringEquals"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["karpenter:karpenter"]
    }
  }
}

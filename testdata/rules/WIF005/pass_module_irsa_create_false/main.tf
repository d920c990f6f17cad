module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# v6 `create = false`: no role and no trust policy.
module "crossplane_irsa" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"

  create = false
  name   = "crossplane"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["crossplane-system:provider-aws-*"]
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 18.0"
}

# 4.20.0 predates the :aud condition the module adds from 4.21.1.
module "app_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "4.20.0"

  role_name = "app"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["apps:app"]
    }
  }
}

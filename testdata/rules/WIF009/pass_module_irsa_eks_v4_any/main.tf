module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 18.0"
}

# ~> 4.0 admits releases before and after 4.21.1 (which added :aud): which one is installed
# is not known, so nothing is reported.
module "app_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 4.0"

  role_name = "app"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["apps:app"]
    }
  }
}

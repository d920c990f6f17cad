module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# `create_role = false`: the module renders no trust policy, so the wildcard never reaches AWS.
module "crossplane_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  create_role = false
  role_name   = "crossplane"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["crossplane-system:provider-aws-*"]
    }
  }
}

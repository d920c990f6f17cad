module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# terraform-aws-iam renders namespace_service_accounts under StringEquals by default.
module "crossplane_irsa" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"

  name = "crossplane"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["crossplane-system:provider-aws-*"]
    }
  }
}

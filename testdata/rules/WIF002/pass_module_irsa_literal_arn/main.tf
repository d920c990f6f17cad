module "app_irsa" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"

  name = "app"
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5E2B1D3F6A7C44E09B8D1A2C3F4E5D6B"
      namespace_service_accounts = ["apps:app"]
    }
  }
}

# The role comes from an IRSA module: its trust has no Pod Identity statement.
module "app_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "5.60.0"

  role_name = "app"
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
      namespace_service_accounts = ["app:app"]
    }
  }
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "main"
  namespace       = "app"
  service_account = "app"
  role_arn        = module.app_irsa.iam_role_arn
}

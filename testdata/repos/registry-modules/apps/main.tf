# The issuer comes from outside; the statement is still rendered, and it lacks :aud.
module "orders_role" {
  source = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"

  create_role                   = true
  role_name                     = "orders"
  provider_url                  = replace(var.cluster_oidc_issuer_url, "https://", "")
  oidc_fully_qualified_subjects = ["system:serviceaccount:orders:orders"]
}

# Pinned before 4.21.1, which added the :aud condition.
module "legacy_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "4.20.0"

  role_name = "legacy"
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
      namespace_service_accounts = ["legacy:legacy"]
    }
  }
}

# external-secrets, its role from terraform-aws-iam v6, whose trust accepts only
# `sts.amazonaws.com` as the token's audience.
module "external_secrets_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name                           = "external-secrets"
  attach_external_secrets_policy = true

  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/2E4A6C8E0B1D3F5A7C9E1B3D5F7A9C1E"
      namespace_service_accounts = ["external-secrets:external-secrets"]
    }
  }
}

# The chart's values name the default audience explicitly.
resource "helm_release" "external_secrets" {
  name             = "external-secrets"
  repository       = "https://charts.external-secrets.io"
  chart            = "external-secrets"
  namespace        = "external-secrets"
  create_namespace = true

  values = [yamlencode({
    serviceAccount = {
      name = "external-secrets"
      annotations = {
        "eks.amazonaws.com/role-arn" = module.external_secrets_irsa.arn
        "eks.amazonaws.com/audience" = "sts.amazonaws.com"
      }
    }
  })]
}

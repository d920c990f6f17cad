module "karpenter_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name            = "karpenter"
  use_name_prefix = false
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
      namespace_service_accounts = ["karpenter:karpenter"]
    }
  }
}

resource "kubernetes_service_account_v1" "karpenter" {
  metadata {
    name      = "karpenter"
    namespace = "karpenter"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/karpenter"
    }
  }
}

resource "aws_iam_role" "reports" {
  name_prefix        = "reports-"
  path               = "/apps/"
  assume_role_policy = "{}"
}

resource "kubernetes_service_account_v1" "reports" {
  metadata {
    name      = "reports"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.reports.arn
    }
  }
}

# A role of another state: no role of this configuration is called `billing`.
resource "kubernetes_service_account_v1" "billing" {
  metadata {
    name      = "billing"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/billing"
    }
  }
}

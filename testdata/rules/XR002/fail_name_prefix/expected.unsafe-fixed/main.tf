module "karpenter_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  # `use_name_prefix` defaults to true: the role is `karpenter-<suffix>`.
  name = "karpenter"
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
      "eks.amazonaws.com/role-arn" = "${module.karpenter_irsa.arn}"
    }
  }
}

resource "aws_iam_role" "reports" {
  name               = "reports"
  path               = "/apps/"
  assume_role_policy = "{}"
}

resource "kubernetes_service_account_v1" "reports" {
  metadata {
    name      = "reports"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "${aws_iam_role.reports.arn}"
    }
  }
}

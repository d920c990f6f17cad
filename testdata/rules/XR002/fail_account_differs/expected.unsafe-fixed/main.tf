provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

provider "aws" {
  alias  = "platform"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::777788889999:role/terraform"
  }
}

# Created in the account the default provider is pinned to.
resource "aws_iam_role" "reports" {
  name               = "reports"
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

# Created in the account the `platform` provider assumes a role in.
module "karpenter_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"
  providers = {
    aws = aws.platform
  }

  name            = "karpenter"
  use_name_prefix = false
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::777788889999:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
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

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

resource "aws_iam_openid_connect_provider" "other" {
  url            = "https://oidc.eks.eu-west-2.amazonaws.com/id/5C6A1F0E2B7D4E8F9A0B1C2D3E4F5A6B"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_caller_identity" "current" {}

variable "provider_arn" {
  type = string
}

module "irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "apps"
  oidc_providers = {
    module_output = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["apps:api"]
    }
    resource = {
      provider_arn               = aws_iam_openid_connect_provider.other.arn
      namespace_service_accounts = ["apps:api"]
    }
    literal = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
      namespace_service_accounts = ["apps:api"]
    }
    built = {
      provider_arn               = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${module.eks.oidc_provider}"
      namespace_service_accounts = ["apps:api"]
    }
    # Not known here.
    variable = {
      provider_arn               = var.provider_arn
      namespace_service_accounts = ["apps:api"]
    }
  }
}

# No role, so no trust built from the URL.
module "not_created" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  create = false
  name   = "unused"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.cluster_oidc_issuer_url
      namespace_service_accounts = ["apps:api"]
    }
  }
}

module "addon_without_role" {
  source  = "aws-ia/eks-blueprints-addon/aws"
  version = "~> 1.0"

  chart = "karpenter"
  oidc_providers = {
    this = {
      provider_arn    = module.eks.cluster_oidc_issuer_url
      namespace       = "karpenter"
      service_account = "karpenter"
    }
  }
}

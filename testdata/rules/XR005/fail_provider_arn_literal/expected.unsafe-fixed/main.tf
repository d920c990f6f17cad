resource "aws_iam_openid_connect_provider" "eks" {
  url            = "https://oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
  client_id_list = ["sts.amazonaws.com"]
}

module "irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "apps"
  oidc_providers = {
    # The URL of the provider above: its ARN can be offered.
    main = {
      provider_arn               = aws_iam_openid_connect_provider.eks.arn
      namespace_service_accounts = ["apps:api"]
    }
    # Another cluster's host, with no provider here: nothing to offer.
    other = {
      provider_arn               = "oidc.eks.eu-west-2.amazonaws.com/id/5C6A1F0E2B7D4E8F9A0B1C2D3E4F5A6B"
      namespace_service_accounts = ["apps:api"]
    }
    # A role ARN is no provider ARN either.
    role = {
      provider_arn               = "arn:aws:iam::111122223333:role/eks-oidc"
      namespace_service_accounts = ["apps:api"]
    }
  }
}

data "aws_caller_identity" "current" {}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
  name   = "platform"
}

locals {
  oidc = replace(module.eks.cluster_dualstack_oidc_issuer_url, "https://", "")
}

resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${replace(module.eks.cluster_dualstack_oidc_issuer_url, "https://", "")}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc}:sub" = "system:serviceaccount:external-dns:external-dns"
          "${local.oidc}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

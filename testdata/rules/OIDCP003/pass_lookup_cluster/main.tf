# The cluster and its provider are managed in another state; this one only looks it up.
data "aws_caller_identity" "current" {}

data "aws_eks_cluster" "prod" {
  name = "prod"
}

locals {
  oidc_host = replace(data.aws_eks_cluster.prod.identity[0].oidc[0].issuer, "https://", "")
}

resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${local.oidc_host}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_host}:sub" = "system:serviceaccount:external-dns:external-dns"
          "${local.oidc_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  oidc_host = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
}

resource "aws_iam_role" "fluent_bit" {
  name               = "fluent-bit"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${local.oidc_host}" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": { "StringEquals": {
          "${local.oidc_host}:sub": "system:serviceaccount:logging:fluent-bit",
          "${local.oidc_host}:aud": "sts.amazonaws.com"
        } }
      }]
    }
  EOF
}

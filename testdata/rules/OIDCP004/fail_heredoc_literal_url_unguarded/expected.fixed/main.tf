# A literal url behind a local is still known at plan: the key may carry `https://`.
locals {
  issuer = "https://token.actions.githubusercontent.com"
}

resource "aws_iam_openid_connect_provider" "github" {
  url            = local.issuer
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "deploy" {
  name               = "github-deploy"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${aws_iam_openid_connect_provider.github.arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": { "StringEquals": {
      "${replace(aws_iam_openid_connect_provider.github.url, "https://", "")}:aud": "sts.amazonaws.com",
      "token.actions.githubusercontent.com:sub": "repo:acme/infra:ref:refs/heads/main"
    } }
  }]
}
EOF
}

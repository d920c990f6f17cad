# GitHub and GitLab keys ANDed under an unknown principal: no issuer is established (WIF007).
variable "provider_arn" {
  type = string
}

resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "gitlab.com:sub"                          = "project_path:acme/app:ref_type:branch:ref:main"
        }
      }
    }]
  })
}

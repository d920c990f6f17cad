variable "use_enterprise_provider" {
  type = bool
}

locals {
  github_provider_arn = var.use_enterprise_provider ? "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com/acme" : "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
}

resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.github_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:acme/infra:ref:main"
        }
      }
    }]
  })
}

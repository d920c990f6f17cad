variable "regional" {
  type = bool
}

locals {
  gitlab_provider_arn = var.regional ? "arn:aws:iam::111122223333:oidc-provider/gitlab.example.com" : "arn:aws:iam::111122223333:oidc-provider/gitlab.com"
}

resource "aws_iam_role" "ci" {
  name = "gitlab-ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.gitlab_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        "ForAllValues:StringLike" = { "gitlab.com:sub" = "project_path:acme/app:ref_type:branch:ref:main" }
      }
    }]
  })
}

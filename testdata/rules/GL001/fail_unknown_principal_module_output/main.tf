module "identity" {
  source  = "example/identity-providers/aws"
  version = "3.1.0"
}

resource "aws_iam_role" "ci" {
  name = "gitlab-ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.identity.gitlab_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "gitlab.com:aud" = "https://gitlab.com" }
      }
    }]
  })
}

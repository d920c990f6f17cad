resource "aws_iam_role" "deploy" {
  name = "deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/gitlab.com" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = { "gitlab.com:aud" = "https://gitlab.com" } }
      },
      {
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "sts:TagSession"
        Condition = {
          StringNotLike = { "app.terraform.io:sub" = "organization:example:*" }
        }
      }
    ]
  })
}

resource "aws_iam_openid_connect_provider" "ghes" {
  url            = "https://github.example.com/_services/token"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "deploy" {
  name = "ghes-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.ghes.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "github.example.com/_services/token:aud" = "sts.amazonaws.com" }
        StringNotLike = { "github.example.com/_services/token:sub" = "repo:untrusted-org/*" }
      }
    }]
  })
}

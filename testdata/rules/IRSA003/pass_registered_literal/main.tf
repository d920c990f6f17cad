# A global IAM stack in us-east-1 that registers the eu-west-1 cluster's provider itself.
provider "aws" {
  region = "us-east-1"
}

resource "aws_iam_openid_connect_provider" "prod_eu" {
  url            = "https://oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "grafana" {
  name = "grafana"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.prod_eu.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub" = "system:serviceaccount:monitoring:grafana"
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564dc72a8b2c84507eb2d39fcd88d" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/343564dc72a8b2c84507eb2d39fcd88d:sub" = "system:serviceaccount:apps:app"
          "oidc.eks.eu-west-1.amazonaws.com/id/343564dc72a8b2c84507eb2d39fcd88d:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "s3_echoer" {
  name = "s3-echoer"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.us-west-2.eks.amazonaws.com/343564DC72A8B2C84507EB2D39FCD88D:sub" = "system:serviceaccount:default:s3-echoer"
          "oidc.us-west-2.eks.amazonaws.com/343564DC72A8B2C84507EB2D39FCD88D:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "identity_pool" {
  name = "identity-pool"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "cognito-identity.amazonaws.com" }
      Action    = ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]
      Condition = {
        StringEquals             = { "cognito-identity.amazonaws.com:aud" = "eu-west-1:0a1b2c3d-4e5f-6789-abcd-ef0123456789" }
        "ForAnyValue:StringLike" = { "cognito-identity.amazonaws.com:amr" = "authenticated" }
        StringNotEqualsIfExists  = { "aws:RequestTag/team" = "untrusted" }
        Null                     = { "cognito-identity.amazonaws.com:aud" = "false" }
        BoolIfExists             = { "aws:SecureTransport" = "true" }
        DateLessThan             = { "aws:CurrentTime" = "2030-01-01T00:00:00Z" }
        NotIpAddress             = { "aws:SourceIp" = "203.0.113.0/24" }
        ArnLike                  = { "aws:SourceArn" = "arn:aws:cognito-identity:eu-west-1:111122223333:*" }
        NumericLessThanEquals    = { "aws:MultiFactorAuthAge" = "3600" }
        BinaryEquals             = { "aws:RequestTag/blob" = "QmluYXJ5" }
      }
    }]
  })
}

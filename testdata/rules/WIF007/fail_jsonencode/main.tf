resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { Federated = [
        "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D",
        "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/7A1F0C3B9E2D4C5A8B6E1D0F2A3C4B5D",
      ] }
      Action = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub" = "system:serviceaccount:kube-system:external-dns"
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:aud" = "sts.amazonaws.com"
          "oidc.eks.us-east-1.amazonaws.com/id/7A1F0C3B9E2D4C5A8B6E1D0F2A3C4B5D:sub" = "system:serviceaccount:kube-system:external-dns"
          "oidc.eks.us-east-1.amazonaws.com/id/7A1F0C3B9E2D4C5A8B6E1D0F2A3C4B5D:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# No cluster here, but everything this configuration manages lives in ap-northeast-1.
provider "aws" {
  region = "ap-northeast-1"
}

resource "aws_iam_role" "fluent_bit" {
  name = "fluent-bit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.ap-northeast-2.amazonaws.com/id/7E6D5C4B3A2918070F1E2D3C4B5A6978" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.ap-northeast-2.amazonaws.com/id/7E6D5C4B3A2918070F1E2D3C4B5A6978:sub" = "system:serviceaccount:logging:fluent-bit"
          "oidc.eks.ap-northeast-2.amazonaws.com/id/7E6D5C4B3A2918070F1E2D3C4B5A6978:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

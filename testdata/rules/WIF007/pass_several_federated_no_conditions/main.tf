# Several providers and no claim conditions: nothing is ANDed across issuers (IRSA002 and
# GH001 territory, not WIF007).
resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { Federated = [
        "arn:aws:iam::111122223333:oidc-provider/app.terraform.io",
        "arn:aws:iam::111122223333:oidc-provider/gitlab.com",
      ] }
      Action = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}

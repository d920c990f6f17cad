# Velero's role: its trust accepts the default audience and the one the backup cluster's
# OIDC provider also registers.
locals {
  issuer = "oidc.eks.eu-west-1.amazonaws.com/id/2E4A6C8E0B1D3F5A7C9E1B3D5F7A9C1E"
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${local.issuer}" }
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:velero:velero"
          "${local.issuer}:aud" = ["sts.amazonaws.com", "velero.backup.example.com"]
        }
      }
    }]
  })
}

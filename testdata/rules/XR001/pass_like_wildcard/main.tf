# A StringLike pattern admits every ServiceAccount of the namespace; a ServiceAccount without
# `namespace` is in `default`.
resource "aws_iam_role" "apps" {
  name = "apps"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D" }
      Condition = {
        StringLike = {
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub" = "system:serviceaccount:default:app-*"
        }
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "kubernetes_service_account_v1" "web" {
  metadata {
    name = "app-web"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.apps.arn
    }
  }
}

# Not known which role: silent.
variable "role_arn" {
  type = string
}

resource "kubernetes_service_account_v1" "other" {
  metadata {
    name = "other"
    annotations = {
      "eks.amazonaws.com/role-arn" = var.role_arn
    }
  }
}

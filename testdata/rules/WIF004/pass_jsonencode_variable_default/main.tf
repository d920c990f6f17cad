# The variable default names the provider of the principal.
variable "oidc_provider" {
  type    = string
  default = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${var.oidc_provider}:sub" = "system:serviceaccount:velero:velero-server"
          "${var.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

variable "oidc_provider_arn" {
  type = string
}

variable "oidc_host" {
  type = string
}

resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${var.oidc_host}:sub" = "system:serviceaccount:external-dns:external-dns"
          "${var.oidc_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

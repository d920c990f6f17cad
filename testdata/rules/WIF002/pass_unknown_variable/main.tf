variable "oidc_provider_arn" {
  type = string
}

variable "oidc_host" {
  type = string
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${var.oidc_host}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${var.oidc_host}:sub" = "system:serviceaccount:apps:app"
          "${var.oidc_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

variable "account_id" {
  type = string
}

variable "issuer" {
  type = string
}

variable "subject" {
  type = string
}

# Correct for an issuer given without its scheme; what the caller passes decides.
output "json" {
  value = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::${var.account_id}:oidc-provider/${var.issuer}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${var.issuer}:sub" = var.subject
          "${var.issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

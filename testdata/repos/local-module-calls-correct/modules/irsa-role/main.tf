# A shared IRSA role: the issuer host and the provider ARN come from the caller.
variable "oidc_host" {
  type        = string
  description = "The cluster's issuer without https://"
}

variable "provider_arn" {
  type = string
}

variable "service_account" {
  type = object({
    namespace = string
    name      = optional(string, "default")
  })
}

resource "aws_iam_role" "this" {
  name = "irsa-${var.service_account.namespace}-${var.service_account.name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${var.oidc_host}:sub" = "system:serviceaccount:${var.service_account.namespace}:${var.service_account.name}"
          "${var.oidc_host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

output "role_arn" {
  value = aws_iam_role.this.arn
}

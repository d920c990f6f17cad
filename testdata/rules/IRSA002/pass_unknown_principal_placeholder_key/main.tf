# `OIDC_PROVIDER` names no issuer (WIF004 reports the placeholder): the cluster is not known.
variable "cluster" {
  type = object({
    oidc_provider_arn = string
  })
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = var.cluster.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "OIDC_PROVIDER:aud" = "sts.amazonaws.com" }
      }
    }]
  })
}

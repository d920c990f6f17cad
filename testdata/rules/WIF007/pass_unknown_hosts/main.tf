variable "host_a" {
  type = string
}

variable "host_b" {
  type = string
}

resource "aws_iam_role" "api" {
  name = "api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${var.host_a}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${var.host_a}:sub" = "system:serviceaccount:apps:api"
          "${var.host_b}:sub" = "system:serviceaccount:apps:api"
          "${var.host_a}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

variable "oidc_provider_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
}

data "aws_iam_openid_connect_provider" "eks" {
  arn = var.oidc_provider_arn
}

variable "issuer_url" {
  type = string
}

variable "thumbprints" {
  type = list(string)
}

resource "aws_iam_openid_connect_provider" "this" {
  url             = var.issuer_url
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = var.thumbprints
}

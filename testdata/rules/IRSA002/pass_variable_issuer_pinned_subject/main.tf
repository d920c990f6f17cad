# The provider is looked up by a URL given to this module: the issuer is unknown, but the
# subjects are Kubernetes service accounts, each pinned.
variable "issuer_url" {
  type = string
}

data "aws_iam_openid_connect_provider" "cluster" {
  url = var.issuer_url
}

locals {
  issuer_host = replace(data.aws_iam_openid_connect_provider.cluster.url, "https://", "")
}

data "aws_iam_policy_document" "reporting" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.cluster.arn]
    }
    condition {
      test     = "StringLike"
      variable = "${local.issuer_host}:sub"
      values = [
        "system:serviceaccount:reporting:exporter",
        "system:serviceaccount:batch:exporter",
      ]
    }
    condition {
      test     = "StringEquals"
      variable = "${local.issuer_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "reporting" {
  name               = "reporting"
  assume_role_policy = data.aws_iam_policy_document.reporting.json
}

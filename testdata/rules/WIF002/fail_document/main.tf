variable "cluster_oidc_issuer" {
  type    = string
  default = ""
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/${var.cluster_oidc_issuer}"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub"
      values   = ["system:serviceaccount:jx:tekton-bot"]
    }
  }
}

resource "aws_iam_role" "tekton_bot" {
  name               = "tekton-bot"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

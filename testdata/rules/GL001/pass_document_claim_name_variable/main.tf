# The claim name is a variable and the key prefix the provider's `url` attribute: the key is
# `gitlab.com:sub` once evaluated, so the subject condition is there.
variable "gitlab_issuer" {
  type    = string
  default = "https://gitlab.com"
}

variable "claim_name" {
  type    = string
  default = "sub"
}

resource "aws_iam_openid_connect_provider" "ci" {
  url            = var.gitlab_issuer
  client_id_list = [var.gitlab_issuer]
}

data "aws_iam_policy_document" "ci_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.ci.arn]
    }
    condition {
      test     = "StringLike"
      variable = "${aws_iam_openid_connect_provider.ci.url}:${var.claim_name}"
      values   = ["project_path:platform/deployer:ref_type:branch:ref:main"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "gitlab-deployer"
  assume_role_policy = data.aws_iam_policy_document.ci_trust.json
}

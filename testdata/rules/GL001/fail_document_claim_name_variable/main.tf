# The claim name is a variable: the key is `gitlab.com:sub` once evaluated, and its pattern
# admits every project.
variable "claim_name" {
  type    = string
  default = "sub"
}

resource "aws_iam_openid_connect_provider" "ci" {
  url            = "https://gitlab.com"
  client_id_list = ["https://gitlab.com"]
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
      variable = "gitlab.com:${var.claim_name}"
      values   = ["project_path:*"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "gitlab-deployer"
  assume_role_policy = data.aws_iam_policy_document.ci_trust.json
}

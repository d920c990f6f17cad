resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_openid_connect_provider" "gitlab" {
  url            = "https://gitlab.com"
  client_id_list = ["https://gitlab.com"]
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn, aws_iam_openid_connect_provider.gitlab.arn]
    }
  }
  statement {
    effect  = "Deny"
    actions = ["sts:*"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.github.arn, aws_iam_openid_connect_provider.gitlab.arn]
    }
    condition {
      test     = "StringNotEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:example-org/infra:ref:refs/heads/main"]
    }

    condition {
      test     = "Null"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["false"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

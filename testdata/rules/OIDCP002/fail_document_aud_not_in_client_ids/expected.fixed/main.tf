# The trust requires the audience `sts.amazonaws.com`; the GitLab provider lists only
# `https://gitlab.example.com`. GitLab has no default audience, so the provider is the side to fix.
resource "aws_iam_openid_connect_provider" "gitlab" {
  url            = "https://gitlab.example.com"
  client_id_list = ["https://gitlab.example.com", "sts.amazonaws.com"]
}

data "aws_iam_policy_document" "deploy_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.gitlab.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "gitlab.example.com:aud"
      values   = ["sts.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "gitlab.example.com:sub"
      values   = ["project_path:acme/infra:ref_type:branch:ref:main"]
    }
  }
}

resource "aws_iam_role" "deploy" {
  name               = "gitlab-deploy"
  assume_role_policy = data.aws_iam_policy_document.deploy_trust.json
}

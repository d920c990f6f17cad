# This configuration manages the account's CI providers, but only GitHub's.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "gitlab_deploy" {
  name               = "gitlab-deploy"
  assume_role_policy = file("${path.module}/trust.json")
}

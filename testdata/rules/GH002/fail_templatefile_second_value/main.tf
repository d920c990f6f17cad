resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn = aws_iam_openid_connect_provider.github.arn
    org          = "example-org"
  })
}

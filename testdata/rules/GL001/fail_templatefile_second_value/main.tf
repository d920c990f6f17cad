resource "aws_iam_openid_connect_provider" "gitlab" {
  url            = "https://gitlab.com"
  client_id_list = ["https://gitlab.com"]
}

resource "aws_iam_role" "ci" {
  name = "gitlab-ci"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn = aws_iam_openid_connect_provider.gitlab.arn
    project      = "example-group/infra"
  })
}

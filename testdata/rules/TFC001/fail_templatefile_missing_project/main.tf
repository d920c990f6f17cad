resource "aws_iam_openid_connect_provider" "tfc" {
  url            = "https://app.terraform.io"
  client_id_list = ["aws.workload.identity"]
}

resource "aws_iam_role" "tfc" {
  name = "tfc-workspace"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn = aws_iam_openid_connect_provider.tfc.arn
    organization = "example"
    workspace    = "prod"
  })
}

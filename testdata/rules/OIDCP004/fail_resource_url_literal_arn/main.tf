resource "aws_iam_openid_connect_provider" "github" {
  url            = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_openid_connect_provider" "gitlab" {
  url            = "https://gitlab.example.com:8443"
  client_id_list = ["https://gitlab.example.com"]
}

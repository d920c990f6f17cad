# Issuers may have a path (Bitbucket Pipelines, GitHub Enterprise Server).
resource "aws_iam_openid_connect_provider" "bitbucket" {
  url            = "https://api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc"
  client_id_list = ["ari:cloud:bitbucket::workspace/5a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"]
}

resource "aws_iam_openid_connect_provider" "ghes" {
  url            = "https://github.example.com/_services/token"
  client_id_list = ["sts.amazonaws.com"]
}

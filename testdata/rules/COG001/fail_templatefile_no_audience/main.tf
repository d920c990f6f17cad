resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "app"
  allow_unauthenticated_identities = true
}

resource "aws_iam_role" "authenticated" {
  name = "app-authenticated"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    slot = "authenticated"
  })
}

resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "app"
  allow_unauthenticated_identities = true
}

data "aws_iam_policy_document" "authenticated" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "cognito-identity.amazonaws.com:amr"
      values   = ["authenticated"]
    }

    condition {
      test     = "StringEquals"
      variable = "cognito-identity.amazonaws.com:aud"
      values   = [aws_cognito_identity_pool.main.id]
    }
  }
}

resource "aws_iam_role" "authenticated" {
  name               = "app-authenticated"
  assume_role_policy = data.aws_iam_policy_document.authenticated.json
}

variable "identity_pool_id" {
  type = string
}

data "aws_iam_policy_document" "facebook_users" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["cognito-identity.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "cognito-identity.amazonaws.com:aud"
      values   = [var.identity_pool_id]
    }
    condition {
      test     = "ForAnyValue:StringLike"
      variable = "cognito-identity.amazonaws.com:amr"
      values   = ["graph.facebook.com", "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example:*"]
    }
  }
}

resource "aws_iam_role" "facebook_users" {
  name               = "app-facebook-users"
  assume_role_policy = data.aws_iam_policy_document.facebook_users.json
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/auth.example.com/realms/ci"]
    }
    condition {
      test     = "StringEquals"
      variable = "auth.example.com/realms/ci:sub"
      values   = ["service-account-deployer"]
    }
  }
}

resource "aws_iam_role" "ci" {
  name               = "keycloak-ci"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

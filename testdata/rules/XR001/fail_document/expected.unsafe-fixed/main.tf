# The trust admits payments/api; the ServiceAccount is named apii.
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub"
      values   = ["system:serviceaccount:payments:apii"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "kubernetes_service_account_v1" "app" {
  metadata {
    name      = "apii"
    namespace = "payments"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.app.arn
    }
  }
}

# Looking the provider up by the dual-stack URL fails: it is registered under the token issuer.
data "aws_iam_openid_connect_provider" "eks" {
  url = "https://oidc.eks.eu-central-1.amazonaws.com/id/0F1E2D3C4B5A69788796A5B4C3D2E1F0"
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.eks.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.eu-central-1.amazonaws.com/id/0F1E2D3C4B5A69788796A5B4C3D2E1F0:sub"
      values   = ["system:serviceaccount:monitoring:prometheus"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.eu-central-1.amazonaws.com/id/0F1E2D3C4B5A69788796A5B4C3D2E1F0:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "prometheus" {
  name               = "prometheus"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

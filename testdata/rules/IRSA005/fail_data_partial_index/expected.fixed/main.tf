data "aws_eks_cluster" "prod" {
  name = "prod"
}

data "aws_iam_openid_connect_provider" "prod" {
  url = data.aws_eks_cluster.prod.identity[0].oidc[0].issuer
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [data.aws_iam_openid_connect_provider.prod.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${trimprefix(data.aws_eks_cluster.prod.identity[0].oidc[0].issuer, "https://")}:sub"
      values   = ["system:serviceaccount:app:app"]
    }
    condition {
      test     = "StringEquals"
      variable = "${trimprefix(data.aws_eks_cluster.prod.identity[0].oidc[0].issuer, "https://")}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

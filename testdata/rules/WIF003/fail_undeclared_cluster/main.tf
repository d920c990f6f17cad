# The cluster and the provider are declared in another directory (a file shared by copy or
# link): their types still give the values their shape.
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.main.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${data.aws_eks_cluster.main_cluster.identity[0].oidc[0].issuer}:sub"
      values   = ["system:serviceaccount:app:app"]
    }
    condition {
      test     = "StringEquals"
      variable = "${aws_eks_cluster.main.identity[0].oidc[0].issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

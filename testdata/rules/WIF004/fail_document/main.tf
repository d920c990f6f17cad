resource "aws_eks_cluster" "blue" {
  name     = "blue"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
}

resource "aws_eks_cluster" "green" {
  name     = "green"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
}

resource "aws_iam_openid_connect_provider" "blue" {
  url            = aws_eks_cluster.blue.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.blue.arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${replace(aws_eks_cluster.green.identity[0].oidc[0].issuer, "https://", "")}:sub"
      values   = ["system:serviceaccount:default:app"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

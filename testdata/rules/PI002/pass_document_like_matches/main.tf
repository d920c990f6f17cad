data "aws_iam_policy_document" "teams" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
    condition {
      test     = "StringLike"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = ["team-*"]
    }
    condition {
      test     = "StringEqualsIgnoreCase"
      variable = "aws:requesttag/eks-cluster-arn"
      values   = ["arn:aws:eks:eu-west-1:111122223333:cluster/PROD"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "teams"
  assume_role_policy = data.aws_iam_policy_document.teams.json
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "team-payments"
  service_account = "api"
  role_arn        = aws_iam_role.app.arn
}

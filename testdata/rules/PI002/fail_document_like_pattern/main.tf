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
  }
}

resource "aws_iam_role" "app" {
  name               = "teams"
  assume_role_policy = data.aws_iam_policy_document.teams.json
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "payments"
  service_account = "api"
  role_arn        = aws_iam_role.app.arn
}

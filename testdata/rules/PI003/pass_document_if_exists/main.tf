data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
    condition {
      test     = "StringEqualsIfExists"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = ["payments"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name         = "prod"
  namespace            = "payments"
  service_account      = "api"
  role_arn             = aws_iam_role.app.arn
  disable_session_tags = true
}

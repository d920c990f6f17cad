data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = ["api"]
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
  policy               = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })
}

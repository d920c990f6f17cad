data "aws_iam_policy_document" "pod_identity" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = data.aws_iam_policy_document.pod_identity.json
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "payments"
  service_account = "api"
  role_arn        = aws_iam_role.app.arn
}

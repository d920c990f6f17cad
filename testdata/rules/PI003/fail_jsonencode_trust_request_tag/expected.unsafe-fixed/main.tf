resource "aws_iam_role" "app" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "payments" } }
    }]
  })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name         = "prod"
  namespace            = "payments"
  service_account      = "api"
  role_arn             = aws_iam_role.app.arn
  disable_session_tags = false
}

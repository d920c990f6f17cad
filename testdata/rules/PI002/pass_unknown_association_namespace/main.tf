variable "namespace" {
  type = string
}

resource "aws_iam_role" "app" {
  name = "karpenter"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "karpenter" } }
    }]
  })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = var.namespace
  service_account = "karpenter"
  role_arn        = aws_iam_role.app.arn
}

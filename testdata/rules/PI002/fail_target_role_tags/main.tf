resource "aws_iam_role" "app" {
  name = "pod-identity-primary"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "kube-system" } }
    }]
  })
}

resource "aws_iam_role" "target" {
  name = "data-access"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = aws_iam_role.app.arn }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-service-account" = "reporting" } }
    }]
  })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "kube-system"
  service_account = "karpenter"
  role_arn        = aws_iam_role.app.arn
  target_role_arn = aws_iam_role.target.arn
}

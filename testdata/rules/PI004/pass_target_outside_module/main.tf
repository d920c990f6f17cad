resource "aws_iam_role" "app" {
  name = "pod-identity-primary"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })
}

variable "target_role_arn" {
  type = string
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "reporting"
  service_account = "exporter"
  role_arn        = aws_iam_role.app.arn
  target_role_arn = var.target_role_arn
}

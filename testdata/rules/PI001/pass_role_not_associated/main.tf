resource "aws_iam_role" "node" {
  name = "nodes"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "payments"
  service_account = "api"
  role_arn        = var.role_arn
}

variable "role_arn" {}

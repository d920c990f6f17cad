locals {
  roles = {
    api    = aws_iam_role.app.arn
    worker = aws_iam_role.app.arn
  }
}

resource "aws_iam_role" "app" {
  name = "payments"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
    }]
  })
}

resource "aws_eks_pod_identity_association" "this" {
  for_each        = local.roles
  cluster_name    = "prod"
  namespace       = "payments"
  service_account = each.key
  role_arn        = each.value
}

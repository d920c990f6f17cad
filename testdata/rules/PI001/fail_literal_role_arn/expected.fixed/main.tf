resource "aws_iam_role" "app" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:TagSession", "sts:AssumeRole"]
    }]
  })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "payments"
  service_account = "api"
  role_arn        = "arn:aws:iam::111122223333:role/payments-api"
}

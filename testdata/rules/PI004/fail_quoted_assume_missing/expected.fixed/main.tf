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

resource "aws_iam_role" "target" {
  name               = "data-access"
  assume_role_policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/pod-identity-primary\"}, \"Action\": [\"sts:TagSession\", \"sts:AssumeRole\"]}]}"
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "reporting"
  service_account = "exporter"
  role_arn        = aws_iam_role.app.arn
  target_role_arn = aws_iam_role.target.arn
}

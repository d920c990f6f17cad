resource "aws_iam_role" "this" {
  name = "queue-worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = {
        StringEquals = {
          "aws:RequestTag/kubernetes-namespace"       = "jobs"
          "aws:RequestTag/kubernetes-service-account" = "worker"
        }
      }
    }]
  })
}

output "arn" {
  value = aws_iam_role.this.arn
}

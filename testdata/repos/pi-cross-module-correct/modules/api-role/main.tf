resource "aws_iam_role" "this" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "payments" } }
    }]
  })
}

output "arn" {
  value = aws_iam_role.this.arn
}

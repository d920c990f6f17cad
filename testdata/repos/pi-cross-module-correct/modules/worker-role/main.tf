resource "aws_iam_role" "this" {
  name = "queue-worker"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      # The association turns session tags off: the trust is scoped by account instead.
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })
}

output "arn" {
  value = aws_iam_role.this.arn
}

variable "trust_conditions" {
  type = any
}

resource "aws_iam_role" "app" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = var.trust_conditions
    }]
  })
}

# A Pod Identity role every team calls with its own namespace and actions.
variable "team" {
  type = string
}

variable "actions" {
  type = list(string)
}

resource "aws_iam_role" "this" {
  name = "team-${var.team}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = var.actions
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = var.team } }
    }]
  })
}

output "arn" {
  value = aws_iam_role.this.arn
}

resource "aws_iam_role" "app" {
  name = "observability"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = ["monitoring", "logging"] } }
    }]
  })
}

resource "aws_eks_pod_identity_association" "this" {
  for_each        = { prometheus = "monitoring", fluentbit = "logging", tempo = "tracing" }
  cluster_name    = "prod"
  namespace       = each.value
  service_account = each.key
  role_arn        = aws_iam_role.app.arn
}

resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = file("${path.module}/trust.json")
  inline_policy {
    name   = "queues"
    policy = file("${path.module}/queues.json")
  }
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name         = "prod"
  namespace            = "payments"
  service_account      = "api"
  role_arn             = aws_iam_role.app.arn
  disable_session_tags = false
}

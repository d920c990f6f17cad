# The trust admits the ServiceAccount payments/api.
resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = file("${path.module}/trust.json")
}

resource "kubernetes_service_account_v1" "app" {
  metadata {
    name      = "api"
    namespace = "payments"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.app.arn
    }
  }
}

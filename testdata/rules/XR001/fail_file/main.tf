# The trust admits payments/api; the ServiceAccount is named apii.
resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = file("${path.module}/trust.json")
}

resource "kubernetes_service_account_v1" "app" {
  metadata {
    name      = "apii"
    namespace = "payments"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.app.arn
    }
  }
}

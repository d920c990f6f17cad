# The ServiceAccount's audience annotation names the audience the trust accepts.
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
      "eks.amazonaws.com/audience" = "sts.amazonaws.com"
    }
  }
}

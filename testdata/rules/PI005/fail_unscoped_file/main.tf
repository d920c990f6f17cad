resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = file("${path.module}/trust.json")
}

resource "aws_iam_role" "reports" {
  name               = "reports"
  assume_role_policy = file("${path.module}/trust.json")
}

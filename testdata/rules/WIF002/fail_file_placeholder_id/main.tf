resource "aws_iam_role" "loki" {
  name               = "loki"
  assume_role_policy = file("${path.module}/trust.json")
}

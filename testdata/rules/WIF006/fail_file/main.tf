resource "aws_iam_role" "tfc" {
  name               = "tfc-workspace"
  assume_role_policy = file("${path.module}/trust.json")
}

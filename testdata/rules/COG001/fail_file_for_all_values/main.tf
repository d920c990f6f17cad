resource "aws_iam_role" "authenticated" {
  name               = "app-authenticated"
  assume_role_policy = file("${path.module}/trust.json")
}

resource "aws_iam_role" "ci" {
  name               = "gitlab-ci"
  assume_role_policy = file("${path.module}/trust.json")
}

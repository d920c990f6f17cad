resource "aws_iam_role" "deploy" {
  name               = "github-deploy"
  assume_role_policy = file("${path.module}/trust.json")
}

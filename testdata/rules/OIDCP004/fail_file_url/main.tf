resource "aws_iam_role" "gitlab_deploy" {
  name               = "gitlab-deploy"
  assume_role_policy = file("${path.module}/trust.json")
}

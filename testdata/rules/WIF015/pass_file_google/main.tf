resource "aws_iam_role" "app" {
  name               = "google-app"
  assume_role_policy = file("${path.module}/trust.json")
}

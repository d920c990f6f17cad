# A pull request must not read the runner's files: absolute paths are refused, never quoted.
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = file("/etc/passwd")
}

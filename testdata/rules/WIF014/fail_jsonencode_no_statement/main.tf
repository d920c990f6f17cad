resource "aws_iam_role" "placeholder" {
  name = "placeholder"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
  })
}

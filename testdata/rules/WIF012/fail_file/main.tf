resource "aws_iam_role" "cert_manager" {
  name               = "cert-manager"
  assume_role_policy = file("${path.module}/trust.json")
}

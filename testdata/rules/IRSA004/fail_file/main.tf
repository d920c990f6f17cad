resource "aws_iam_role" "karpenter" {
  name               = "karpenter"
  assume_role_policy = file("${path.module}/trust.json")
}

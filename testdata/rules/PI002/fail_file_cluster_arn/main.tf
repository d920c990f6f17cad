resource "aws_iam_role" "app" {
  name               = "karpenter"
  assume_role_policy = file("${path.module}/trust.json")
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "kube-system"
  service_account = "karpenter"
  role_arn        = aws_iam_role.app.arn
}

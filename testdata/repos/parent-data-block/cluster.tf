data "aws_eks_cluster" "main_cluster" {
  name = "prod"
}

data "aws_iam_openid_connect_provider" "main" {
  url = data.aws_eks_cluster.main_cluster.identity[0].oidc[0].issuer
}

resource "aws_eks_cluster" "main" {
  name = "prod"
}

resource "aws_iam_openid_connect_provider" "main" {
  url            = aws_eks_cluster.main.identity .oidc.issuer
  client_id_list = ["sts.amazonaws.com"]
}

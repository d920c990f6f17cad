# Cluster `beta`, under the same address as the cluster of `a/`; its `:sub` key keeps the
# `https://` of the issuer URL (WIF003), which `a/` strips.
resource "aws_eks_cluster" "main" {
  name     = "beta"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-4e5f6a7b"]
  }
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "external_dns" {
  name = "beta-external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${aws_eks_cluster.main.identity[0].oidc[0].issuer}:sub" = "system:serviceaccount:external-dns:external-dns"
          "${replace(aws_eks_cluster.main.identity[0].oidc[0].issuer, "https://", "")}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

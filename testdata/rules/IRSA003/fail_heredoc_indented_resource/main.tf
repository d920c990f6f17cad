resource "aws_eks_cluster" "main" {
  name     = "main"
  region   = "eu-north-1"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d"]
  }
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "loki" {
  name               = "loki"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-3.amazonaws.com/id/D4C3B2A1F0E9D8C7B6A5948372615049" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": { "StringEquals": {
          "oidc.eks.eu-west-3.amazonaws.com/id/D4C3B2A1F0E9D8C7B6A5948372615049:sub": "system:serviceaccount:monitoring:loki",
          "oidc.eks.eu-west-3.amazonaws.com/id/D4C3B2A1F0E9D8C7B6A5948372615049:aud": "sts.amazonaws.com"
        } }
      }]
    }
  EOT
}

# IAM in us-east-1, the cluster in eu-west-1 through an aliased provider.
provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}

resource "aws_eks_cluster" "eu" {
  provider = aws.eu
  name     = "eu"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d"]
  }
}

resource "aws_iam_openid_connect_provider" "eu" {
  url            = aws_eks_cluster.eu.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C5D7E1B0F4A8C2D9E3F6A1B2C3D4E5F" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/5C5D7E1B0F4A8C2D9E3F6A1B2C3D4E5F:sub" = "system:serviceaccount:external-dns:external-dns"
          "oidc.eks.eu-west-1.amazonaws.com/id/5C5D7E1B0F4A8C2D9E3F6A1B2C3D4E5F:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

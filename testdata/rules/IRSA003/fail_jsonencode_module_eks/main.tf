module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name   = "platform"
  region = "eu-central-1"
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

# A regional STS endpoint as client ID: IRSA tokens carry sts.amazonaws.com.
module "eks" {
  source      = "terraform-aws-modules/eks/aws"
  name        = "platform"
  enable_irsa = false
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = module.eks.cluster_oidc_issuer_url
  client_id_list = ["sts.eu-west-1.amazonaws.com", "sts.amazonaws.com"]
}

resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${module.eks.oidc_provider}:sub" = "system:serviceaccount:external-dns:external-dns" }
      }
    }]
  })
}

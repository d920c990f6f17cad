# 21.0.0 without IRSA: the module creates no provider, this one uses the token issuer.
module "eks" {
  source      = "terraform-aws-modules/eks/aws"
  version     = "21.0.0"
  name        = "platform"
  enable_irsa = false
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = module.eks.cluster_oidc_issuer_url
  client_id_list = ["sts.amazonaws.com"]
}

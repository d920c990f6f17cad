# The provider is managed outside the module, but from the dual-stack output.
module "eks" {
  source      = "terraform-aws-modules/eks/aws"
  version     = "~> 21.2"
  name        = "platform"
  enable_irsa = false
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = module.eks.cluster_oidc_issuer_url
  client_id_list = ["sts.amazonaws.com"]
}

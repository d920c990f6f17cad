# terraform-aws-iam iam-oidc-provider defaults client_id_list to sts.<dns suffix>, which is
# sts.amazonaws.com.cn in China; IRSA tokens carry sts.amazonaws.com.
provider "aws" {
  region = "cn-northwest-1"
}

data "aws_eks_cluster" "main" {
  name = "main"
}

module "irsa_provider" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-oidc-provider"
  version = "~> 6.0"

  url = data.aws_eks_cluster.main.identity[0].oidc[0].issuer
  client_id_list = ["sts.amazonaws.com"]
}

# A second provider registered from the module's ARN output instead of its issuer URL.
module "eks" {
  source      = "terraform-aws-modules/eks/aws"
  name        = "platform"
  enable_irsa = false
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = "arn:aws:iam::111122223333:oidc-provider/${module.eks.oidc_provider}"
  client_id_list = ["sts.amazonaws.com"]
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# v6 iam-role with `create = false` renders no trust policy.
module "reporting" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role"

  create             = false
  name               = "reporting"
  enable_oidc        = true
  oidc_provider_urls = [module.eks.cluster_oidc_issuer_url]
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

module "external_dns" {
  source = "aws-ia/eks-blueprints-addon/aws"

  create_role                = true
  assume_role_condition_test = "StringLike"
  oidc_providers = {
    this = {
      provider_arn    = module.eks.oidc_provider_arn
      namespace       = "*"
      service_account = "external-dns"
    }
  }
}

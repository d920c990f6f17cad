module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

module "karpenter" {
  source  = "aws-ia/eks-blueprints-addon/aws"
  version = "~> 1.0"

  chart       = "karpenter"
  namespace   = "karpenter"
  create_role = true
  oidc_providers = {
    this = {
      provider_arn    = "https://${module.eks.oidc_provider}"
      namespace       = "karpenter"
      service_account = "karpenter"
    }
  }
}

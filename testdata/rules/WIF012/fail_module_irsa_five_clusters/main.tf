module "eks_a" { source = "terraform-aws-modules/eks/aws" }
module "eks_b" { source = "terraform-aws-modules/eks/aws" }
module "eks_c" { source = "terraform-aws-modules/eks/aws" }
module "eks_d" { source = "terraform-aws-modules/eks/aws" }
module "eks_e" { source = "terraform-aws-modules/eks/aws" }

module "karpenter_irsa" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  name   = "karpenter"
  oidc_providers = {
    a = { provider_arn = module.eks_a.oidc_provider_arn, namespace_service_accounts = ["karpenter:karpenter"] }
    b = { provider_arn = module.eks_b.oidc_provider_arn, namespace_service_accounts = ["karpenter:karpenter"] }
    c = { provider_arn = module.eks_c.oidc_provider_arn, namespace_service_accounts = ["karpenter:karpenter"] }
    d = { provider_arn = module.eks_d.oidc_provider_arn, namespace_service_accounts = ["karpenter:karpenter"] }
    e = { provider_arn = module.eks_e.oidc_provider_arn, namespace_service_accounts = ["karpenter:karpenter"] }
  }
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# eks-blueprints v4 modules/irsa creates its role only when `irsa_iam_policies` is not null.
module "irsa" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints//modules/irsa?ref=v4.32.1"

  eks_oidc_provider_arn      = module.eks.oidc_provider_arn
  kubernetes_namespace       = "*"
  kubernetes_service_account = "*"
  irsa_iam_policies          = null
}

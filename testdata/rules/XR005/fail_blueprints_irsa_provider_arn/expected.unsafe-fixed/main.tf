module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

module "irsa" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints//modules/irsa?ref=v4.32.1"

  eks_cluster_id             = module.eks.cluster_name
  eks_oidc_provider_arn      = module.eks.oidc_provider_arn
  kubernetes_namespace       = "karpenter"
  kubernetes_service_account = "karpenter"
  irsa_iam_policies          = []
}

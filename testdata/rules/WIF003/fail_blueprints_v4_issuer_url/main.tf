module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

module "eks_blueprints_kubernetes_addons" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints//modules/kubernetes-addons?ref=v4.32.1"

  eks_cluster_id = module.eks.cluster_name
  # The input wants the issuer without `https://`.
  eks_oidc_provider = module.eks.cluster_oidc_issuer_url

  enable_aws_load_balancer_controller = true
}

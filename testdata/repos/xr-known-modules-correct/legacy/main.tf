# An older cluster on EKS Blueprints v4: `modules/kubernetes-addons` creates each enabled
# add-on's role and ServiceAccount together.
data "aws_eks_cluster" "legacy" {
  name = "legacy"
}

module "eks_blueprints_kubernetes_addons" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints//modules/kubernetes-addons?ref=v4.32.1"

  eks_cluster_id       = data.aws_eks_cluster.legacy.id
  eks_cluster_endpoint = data.aws_eks_cluster.legacy.endpoint
  eks_cluster_version  = data.aws_eks_cluster.legacy.version
  eks_oidc_provider    = replace(data.aws_eks_cluster.legacy.identity[0].oidc[0].issuer, "https://", "")

  enable_aws_load_balancer_controller = true
  enable_karpenter                    = true
}

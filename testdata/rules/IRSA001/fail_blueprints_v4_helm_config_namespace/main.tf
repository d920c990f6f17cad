module "eks_blueprints_kubernetes_addons" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints//modules/kubernetes-addons?ref=v4.32.1"

  eks_cluster_id    = "main"
  eks_oidc_provider = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"

  enable_external_dns = true
  external_dns_helm_config = {
    namespace = "external:dns"
  }
}

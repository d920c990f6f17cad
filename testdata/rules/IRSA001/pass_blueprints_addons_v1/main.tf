module "eks_blueprints_addons" {
  source  = "aws-ia/eks-blueprints-addons/aws"
  version = "~> 1.16"

  cluster_name      = "main"
  cluster_endpoint  = "https://example.eks.amazonaws.com"
  cluster_version   = "1.30"
  oidc_provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"

  enable_aws_load_balancer_controller = true
  aws_load_balancer_controller = {
    namespace            = "ingress"
    service_account_name = "alb"
  }
  enable_cluster_autoscaler = true
  enable_aws_efs_csi_driver = true
  # No zones: the module creates no external-dns role.
  enable_external_dns = true
}

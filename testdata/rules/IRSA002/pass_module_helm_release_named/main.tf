module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

module "external_dns" {
  source  = "cloudposse/helm-release/aws"
  version = "0.10.1"

  chart                       = "external-dns"
  iam_role_enabled            = true
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
  service_account_name        = "external-dns"
  service_account_namespace   = "external-dns"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

# iam_role_enabled with no service_account_name / _namespace: the role trusts
# system:serviceaccount:*:*, every service account of the cluster.
module "external_dns" {
  source  = "cloudposse/helm-release/aws"
  version = "0.10.1"

  chart                       = "external-dns"
  repository                  = "https://kubernetes-sigs.github.io/external-dns/"
  iam_role_enabled            = true
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

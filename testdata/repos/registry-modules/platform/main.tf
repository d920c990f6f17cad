module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "platform"
}

# Correct: v6 service-account role, the module adds sts.amazonaws.com.
module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "ebs-csi"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }
}

# A chart role with no service account named: every service account may assume it.
module "external_dns" {
  source  = "cloudposse/helm-release/aws"
  version = "0.10.1"

  chart                       = "external-dns"
  iam_role_enabled            = true
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

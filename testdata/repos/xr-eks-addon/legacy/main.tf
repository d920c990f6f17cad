# An older cluster (terraform-aws-eks v20: `cluster_addons`) in its own root, whose EFS CSI
# role trusts the node DaemonSet's ServiceAccount instead of the controller's.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "legacy"
  cluster_version = "1.30"

  cluster_addons = {
    aws-efs-csi-driver = {
      service_account_role_arn = module.efs_csi_irsa.iam_role_arn
    }
  }
}

module "efs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  role_name             = "legacy-efs-csi"
  attach_efs_csi_policy = true

  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:efs-csi-node-sa"]
    }
  }
}

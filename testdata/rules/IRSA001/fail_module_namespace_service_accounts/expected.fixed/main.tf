module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

variable "namespace" {
  type = string
}

locals {
  # Shared text: reported on the entry, but not edited here.
  sa_prefix = "system:serviceaccount:"
}

# The module adds `system:serviceaccount:` to each entry, which must be `<namespace>:<name>`.
module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "ebs-csi"
  oidc_providers = {
    main = {
      provider_arn = module.eks.oidc_provider_arn
      namespace_service_accounts = [
        "kube-system:ebs-csi-controller-sa",
        "kube-system",
        "kube-system:ebs-csi:controller",
        "${var.namespace}:ebs-csi-node-sa",
        "${local.sa_prefix}kube-system:ebs-csi-snapshot-sa",
      ]
    }
  }
}

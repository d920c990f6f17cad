module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

variable "namespace" {
  type = string
}

variable "service_account" {
  type = string
}

locals {
  karpenter = "karpenter:karpenter"
}

# Entries built from values not known here say nothing about their shape.
module "irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "apps"
  oidc_providers = {
    main = {
      provider_arn = module.eks.oidc_provider_arn
      namespace_service_accounts = [
        "${var.namespace}:${var.service_account}",
        "${var.namespace}:app",
        var.service_account,
        local.karpenter,
        "kube-system:ebs-csi-controller-sa",
      ]
    }
  }
}

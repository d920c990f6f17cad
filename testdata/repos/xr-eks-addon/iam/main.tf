# The add-ons' roles, in a local module the cluster root calls. Each trust names a
# ServiceAccount the add-on does not run as.
variable "oidc_provider_arn" {
  type = string
}

# aws-ebs-csi-driver runs as `ebs-csi-controller-sa`, not `ebs-csi-controller`.
module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  role_name             = "ebs-csi"
  attach_ebs_csi_policy = true

  oidc_providers = {
    main = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller"]
    }
  }
}

# vpc-cni runs as `aws-node`, not a ServiceAccount named after the add-on.
module "vpc_cni_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name                  = "vpc-cni"
  attach_vpc_cni_policy = true
  vpc_cni_enable_ipv4   = true

  oidc_providers = {
    main = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["kube-system:vpc-cni"]
    }
  }
}

output "ebs_csi_role_arn" {
  value = module.ebs_csi_irsa.iam_role_arn
}

output "vpc_cni_role_arn" {
  value = module.vpc_cni_irsa.arn
}

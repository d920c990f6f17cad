# The shape of cloudposse helm-release itself: its eks-iam-role call exists only when the label
# module is enabled AND the caller asks for a role. `iam_role_enabled` defaults to false, so whatever the
# label module says, there is no role and no trust to report.
variable "iam_role_enabled" {
  type    = bool
  default = false
}

variable "issuer_url" {
  type = string
}

module "this" {
  source  = "cloudposse/label/null"
  version = "0.25.0"
}

module "role" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "2.1.1"

  enabled                     = module.this.enabled && var.iam_role_enabled
  eks_cluster_oidc_issuer_url = var.issuer_url
}

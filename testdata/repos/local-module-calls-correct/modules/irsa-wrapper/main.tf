# A thin wrapper around the registry IRSA module.
variable "name" {
  type = string
}

variable "namespace_service_accounts" {
  type = list(string)
}

variable "oidc_provider_arn" {
  type = string
}

module "role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  role_name = var.name
  oidc_providers = {
    main = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = var.namespace_service_accounts
    }
  }
}

output "arn" {
  value = module.role.iam_role_arn
}

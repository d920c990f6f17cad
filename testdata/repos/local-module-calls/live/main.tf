locals {
  host         = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
  provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
}

# Correct: silent.
module "api" {
  source          = "../modules/irsa-role"
  oidc_host       = local.host
  provider_arn    = local.provider_arn
  service_account = { namespace = "apps", name = "api" }
}

# One instance per namespace, correct: silent.
module "workers" {
  source          = "../modules/irsa-role"
  for_each        = toset(["batch", "queue"])
  oidc_host       = local.host
  provider_arn    = local.provider_arn
  service_account = { namespace = each.key }
}

# The issuer URL with its scheme: every token is refused.
module "with_scheme" {
  source          = "../modules/irsa-role"
  oidc_host       = "https://${local.host}"
  provider_arn    = local.provider_arn
  service_account = { namespace = "apps", name = "web" }
}

# Host and ARN swapped.
module "swapped" {
  source          = "../modules/irsa-role"
  oidc_host       = local.provider_arn
  provider_arn    = local.host
  service_account = { namespace = "apps", name = "jobs" }
}

# The key prefix taken from the ARN's resource part.
module "provider_prefix" {
  source          = "../modules/irsa-role"
  oidc_host       = "oidc-provider/${local.host}"
  provider_arn    = local.provider_arn
  service_account = { namespace = "apps", name = "cron" }
}

# No instance: nothing to report.
module "disabled" {
  source          = "../modules/irsa-role"
  count           = 0
  oidc_host       = "https://${local.host}"
  provider_arn    = local.provider_arn
  service_account = { namespace = "apps", name = "off" }
}

module "github" {
  source   = "../modules/github-role"
  subjects = ["repo:example-org/infra:ref:refs/heads/main", "repo:example-org/app"]
}

module "tfc" {
  source    = "../modules/tfc-role"
  audience  = "sts.amazonaws.com"
  workspace = "prod"
}

module "cni" {
  source                     = "../modules/irsa-wrapper"
  name                       = "vpc-cni"
  oidc_provider_arn          = local.provider_arn
  namespace_service_accounts = ["kube-system/aws-node"]
}

output "api_role" {
  value = module.api.role_arn
}

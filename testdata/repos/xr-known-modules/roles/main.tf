# Roles from the IRSA modules whose role is found through its ARN output only (their names are
# not modelled): EKS Blueprints v4 `irsa`, `eks-blueprints-addon` and cloudposse `eks-iam-role`.
variable "cluster_name" {
  type = string
}

variable "oidc_provider_arn" {
  type = string
}

variable "cluster_oidc_issuer_url" {
  type = string
}

module "fluent_bit_irsa" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints//modules/irsa?ref=v4.32.1"

  eks_cluster_id                    = var.cluster_name
  eks_oidc_provider_arn             = var.oidc_provider_arn
  kubernetes_namespace              = "logging"
  kubernetes_service_account        = "fluent-bit"
  create_kubernetes_namespace       = false
  create_kubernetes_service_account = false
  irsa_iam_policies                 = ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"]
}

module "cert_manager_role" {
  source  = "aws-ia/eks-blueprints-addon/aws"
  version = "~> 1.1"

  create_release = false
  create_role    = true
  role_name      = "cert-manager"
  role_policies = {
    Route53 = "arn:aws:iam::111122223333:policy/cert-manager-route53"
  }

  oidc_providers = {
    this = {
      provider_arn    = var.oidc_provider_arn
      namespace       = "cert-manager"
      service_account = "cert-manager"
    }
  }
}

module "grafana_role" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "~> 2.1"

  aws_account_number          = "111122223333"
  eks_cluster_oidc_issuer_url = var.cluster_oidc_issuer_url
  service_account_name        = "grafana"
  service_account_namespace   = "grafana"
  aws_iam_policy_document     = ["{\"Version\":\"2012-10-17\",\"Statement\":[]}"]
}

output "fluent_bit_role_arn" {
  value = module.fluent_bit_irsa.irsa_iam_role_arn
}

output "cert_manager_role_arn" {
  value = module.cert_manager_role.iam_role_arn
}

output "grafana_role_arn" {
  value = module.grafana_role.service_account_role_arn
}

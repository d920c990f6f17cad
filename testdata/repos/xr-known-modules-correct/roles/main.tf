# The platform's workload roles, one per known role module, each trusting the ServiceAccount
# (or, for Pod Identity, the association) that ../platform gives it.
variable "cluster_name" {
  type = string
}

variable "oidc_provider_arn" {
  type = string
}

variable "cluster_oidc_issuer_url" {
  type = string
}

# terraform-aws-iam v6 `iam-role-for-service-accounts`.
module "lb_controller_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name                                   = "aws-load-balancer-controller"
  attach_load_balancer_controller_policy = true

  oidc_providers = {
    main = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }
}

module "vpc_cni_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name                  = "vpc-cni"
  attach_vpc_cni_policy = true
  vpc_cni_enable_ipv4   = true

  oidc_providers = {
    main = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-node"]
    }
  }
}

# terraform-aws-iam v5 `iam-role-for-service-accounts-eks`.
module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  role_name             = "ebs-csi"
  attach_ebs_csi_policy = true

  oidc_providers = {
    main = {
      provider_arn               = var.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }
}

# terraform-aws-iam v5 `iam-assumable-role-with-oidc`.
module "external_dns_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = "~> 5.0"

  create_role                    = true
  role_name                      = "external-dns"
  provider_url                   = var.cluster_oidc_issuer_url
  role_policy_arns               = ["arn:aws:iam::111122223333:policy/external-dns"]
  oidc_fully_qualified_subjects  = ["system:serviceaccount:external-dns:external-dns"]
  oidc_fully_qualified_audiences = ["sts.amazonaws.com"]
}

# terraform-aws-iam v6 `iam-role` with generic OIDC.
module "reports_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "~> 6.0"

  name               = "reports"
  enable_oidc        = true
  oidc_provider_urls = [var.cluster_oidc_issuer_url]
  oidc_subjects      = ["system:serviceaccount:apps:reports"]
  oidc_audiences     = ["sts.amazonaws.com"]

  policies = {
    ReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  }
}

# EKS Blueprints v4 `modules/irsa`; the chart in ../platform creates the ServiceAccount.
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

# aws-ia `eks-blueprints-addon`, the role only; ../platform installs the chart.
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

# cloudposse `eks-iam-role`.
module "grafana_role" {
  source  = "cloudposse/eks-iam-role/aws"
  version = "~> 2.1"

  aws_account_number          = "111122223333"
  eks_cluster_oidc_issuer_url = var.cluster_oidc_issuer_url
  service_account_name        = "grafana"
  service_account_namespace   = "monitoring"
  aws_iam_policy_document     = ["{\"Version\":\"2012-10-17\",\"Statement\":[]}"]
}

# terraform-aws-modules `eks-pod-identity`; ../platform associates it.
module "app_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "~> 1.4"

  name = "app"
  trust_policy_conditions = [
    {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = ["apps"]
    },
    {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-service-account"
      values   = ["app"]
    },
  ]
  additional_policy_arns = {
    ReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess"
  }
}

output "lb_controller_role_arn" {
  value = module.lb_controller_irsa.arn
}

output "vpc_cni_role_arn" {
  value = module.vpc_cni_irsa.arn
}

output "ebs_csi_role_arn" {
  value = module.ebs_csi_irsa.iam_role_arn
}

output "external_dns_role_arn" {
  value = module.external_dns_role.iam_role_arn
}

output "reports_role_arn" {
  value = module.reports_role.arn
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

output "app_role_arn" {
  value = module.app_pod_identity.iam_role_arn
}

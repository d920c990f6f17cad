# Workloads whose role, read from ../roles by the module's output, does not trust them.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "platform"
  cluster_version = "1.31"
}

module "roles" {
  source = "../roles"

  cluster_name            = module.eks.cluster_name
  oidc_provider_arn       = module.eks.oidc_provider_arn
  cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

# The chart is installed in `fluent-bit`; the role trusts `logging`.
resource "helm_release" "fluent_bit" {
  name             = "fluent-bit"
  repository       = "https://fluent.github.io/helm-charts"
  chart            = "fluent-bit"
  namespace        = "logging"
  create_namespace = true

  values = [yamlencode({
    serviceAccount = {
      name = "fluent-bit"
      annotations = {
        "eks.amazonaws.com/role-arn" = module.roles.fluent_bit_role_arn
      }
    }
  })]
}

# A typo in the chart's ServiceAccount name.
resource "helm_release" "cert_manager" {
  name             = "cert-manager"
  repository       = "https://charts.jetstack.io"
  chart            = "cert-manager"
  namespace        = "cert-manager"
  create_namespace = true

  values = [yamlencode({
    crds = { enabled = true }
    serviceAccount = {
      name = "cert-manager"
      annotations = {
        "eks.amazonaws.com/role-arn" = module.roles.cert_manager_role_arn
      }
    }
  })]
}

# Grafana runs in `monitoring`; the role trusts a namespace named after the ServiceAccount.
resource "kubernetes_service_account_v1" "grafana" {
  metadata {
    name      = "grafana"
    namespace = "monitoring"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.roles.grafana_role_arn
    }
  }
}

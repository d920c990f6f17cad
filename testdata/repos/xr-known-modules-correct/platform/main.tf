# The cluster and its workloads, each using its role from ../roles by the module's output.
# Every one is wired right: nothing here may be reported.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "platform"
  cluster_version = "1.31"

  cluster_addons = {
    aws-ebs-csi-driver = {
      service_account_role_arn = module.roles.ebs_csi_role_arn
    }
  }
}

module "roles" {
  source = "../roles"

  cluster_name            = module.eks.cluster_name
  oidc_provider_arn       = module.eks.oidc_provider_arn
  cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

resource "aws_eks_addon" "vpc_cni" {
  cluster_name             = module.eks.cluster_name
  addon_name               = "vpc-cni"
  service_account_role_arn = module.roles.vpc_cni_role_arn
}

resource "helm_release" "lb_controller" {
  name       = "aws-load-balancer-controller"
  repository = "https://aws.github.io/eks-charts"
  chart      = "aws-load-balancer-controller"
  namespace  = "kube-system"

  set {
    name  = "clusterName"
    value = module.eks.cluster_name
  }
  set {
    name  = "serviceAccount.name"
    value = "aws-load-balancer-controller"
  }
  set {
    name  = "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn"
    value = module.roles.lb_controller_role_arn
  }
}

resource "kubernetes_service_account_v1" "external_dns" {
  metadata {
    name      = "external-dns"
    namespace = "external-dns"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.roles.external_dns_role_arn
    }
  }
}

resource "kubernetes_manifest" "reports" {
  manifest = {
    apiVersion = "v1"
    kind       = "ServiceAccount"
    metadata = {
      name      = "reports"
      namespace = "apps"
      annotations = {
        "eks.amazonaws.com/role-arn" = module.roles.reports_role_arn
      }
    }
  }
}

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

resource "kubernetes_service_account_v1" "grafana" {
  metadata {
    name      = "grafana"
    namespace = "monitoring"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.roles.grafana_role_arn
    }
  }
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = module.eks.cluster_name
  namespace       = "apps"
  service_account = "app"
  role_arn        = module.roles.app_role_arn
}

# aws-ia `eks-blueprints-addons`: each add-on's role and ServiceAccount come from the bundle.
module "addons" {
  source  = "aws-ia/eks-blueprints-addons/aws"
  version = "~> 1.16"

  cluster_name      = module.eks.cluster_name
  cluster_endpoint  = module.eks.cluster_endpoint
  cluster_version   = module.eks.cluster_version
  oidc_provider_arn = module.eks.oidc_provider_arn

  enable_aws_efs_csi_driver = true
  enable_cluster_autoscaler = true
}

# cloudposse `helm-release`: the chart and its role, trusting the ServiceAccount it names.
module "external_secrets" {
  source  = "cloudposse/helm-release/aws"
  version = "~> 0.10"

  name                        = "external-secrets"
  repository                  = "https://charts.external-secrets.io"
  chart                       = "external-secrets"
  kubernetes_namespace        = "external-secrets"
  create_namespace            = true
  iam_role_enabled            = true
  aws_account_number          = "111122223333"
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
  service_account_name        = "external-secrets"
  service_account_namespace   = "external-secrets"
  iam_policy_statements = {
    ReadSecrets = {
      effect    = "Allow"
      actions   = ["secretsmanager:GetSecretValue"]
      resources = ["*"]
    }
  }

  values = [yamlencode({
    serviceAccount = { name = "external-secrets" }
  })]
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name = "platform"
}

# Correct: v6 service-account role, the module adds sts.amazonaws.com.
module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "ebs-csi"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }
}

# A chart role with no service account named: every service account may assume it.
module "external_dns" {
  source  = "cloudposse/helm-release/aws"
  version = "0.10.1"

  chart                       = "external-dns"
  iam_role_enabled            = true
  eks_cluster_oidc_issuer_url = module.eks.cluster_oidc_issuer_url
}

# Correct: a Pod Identity role scoped to its namespace, associated with that namespace.
module "billing_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "~> 2.0"

  name = "billing"
  trust_policy_conditions = [{
    test     = "StringEquals"
    variable = "aws:RequestTag/kubernetes-namespace"
    values   = ["billing"]
  }]
  associations = {
    api = {
      cluster_name    = module.eks.cluster_name
      namespace       = "billing"
      service_account = "api"
    }
    # The trust admits only `billing`: EKS refuses this association's credentials.
    worker = {
      cluster_name    = module.eks.cluster_name
      namespace       = "billing-jobs"
      service_account = "worker"
    }
  }
}

# Add-ons: the load balancer controller's namespace override has a stray `/`.
module "eks_blueprints_addons" {
  source  = "aws-ia/eks-blueprints-addons/aws"
  version = "~> 1.16"

  cluster_name      = module.eks.cluster_name
  cluster_endpoint  = module.eks.cluster_endpoint
  cluster_version   = module.eks.cluster_version
  oidc_provider_arn = module.eks.oidc_provider_arn

  enable_aws_load_balancer_controller = true
  aws_load_balancer_controller = {
    namespace = "kube-system/"
  }
  enable_cluster_autoscaler = true
}

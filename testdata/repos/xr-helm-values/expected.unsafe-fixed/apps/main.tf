# Helm releases whose chart values come from YAML files.

# The values file misspells the ServiceAccount's name.
resource "helm_release" "external_dns" {
  name       = "external-dns"
  repository = "https://kubernetes-sigs.github.io/external-dns"
  chart      = "external-dns"
  namespace  = "external-dns"
  values     = [file("${path.module}/values.yaml")]
}

module "lbc_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "aws-load-balancer-controller"
  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }
}

# The template gets the role from the module; the release runs in another namespace than the
# trust names.
resource "helm_release" "lbc" {
  name       = "aws-load-balancer-controller"
  repository = "https://aws.github.io/eks-charts"
  chart      = "aws-load-balancer-controller"
  namespace  = "kube-system"
  values = [templatefile("${path.module}/lbc-values.yaml.tftpl", {
    cluster_name = "main"
    sa_name      = "aws-load-balancer-controller"
    role_arn     = module.lbc_irsa.arn
  })]
}

# A local wrapper around the external-dns chart: the role and the release share the namespace.

variable "namespace" {
  type    = string
  default = "kube-system"
}

data "aws_eks_cluster" "main" {
  name = "main"
}

data "aws_iam_openid_connect_provider" "main" {
  url = data.aws_eks_cluster.main.identity[0].oidc[0].issuer
}

locals {
  issuer = replace(data.aws_eks_cluster.main.identity[0].oidc[0].issuer, "https://", "")
  chart_settings = [
    { name = "serviceAccount.name", value = "external-dns" },
    { name = "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", value = aws_iam_role.dns.arn },
    { name = "policy", value = "sync" },
  ]
}

resource "aws_iam_role" "dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = data.aws_iam_openid_connect_provider.main.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:${var.namespace}:external-dns"
          "${local.issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "helm_release" "dns" {
  name       = "external-dns"
  repository = "https://kubernetes-sigs.github.io/external-dns"
  chart      = "external-dns"
  namespace  = var.namespace

  dynamic "set" {
    for_each = local.chart_settings
    content {
      name  = set.value.name
      value = set.value.value
    }
  }
}

# A local wrapper around the external-dns chart: the release runs in the variable's default
# namespace, which the role's trust names.

variable "namespace" {
  type    = string
  default = "kube-system"
}

locals {
  issuer = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
  chart_settings = [
    { name = "serviceAccount.name", value = "external-dns" },
    { name = "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", value = aws_iam_role.dns.arn },
  ]
}

resource "aws_iam_role" "dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${local.issuer}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:kube-system:external-dns"
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

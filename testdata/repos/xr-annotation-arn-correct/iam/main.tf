# The roles the ServiceAccounts of ../apps and ../k8s name by a hand-written ARN.
locals {
  issuer   = "oidc.eks.eu-west-1.amazonaws.com/id/7B2D4F6A8C0E1A3B5D7F9B1C3E5A7C9E"
  provider = "arn:aws:iam::111122223333:oidc-provider/${local.issuer}"
}

resource "aws_iam_role" "reports" {
  name = "reports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.provider }
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:apps:reports-worker"
          "${local.issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "invoices" {
  name = "invoices"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.provider }
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:apps:invoices-worker"
          "${local.issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  path = "/eks/"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.provider }
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:external-dns:external-dns"
          "${local.issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "billing_exporter" {
  name = "billing-exporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.provider }
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:billing:billing-exporter"
          "${local.issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "cost_reporter" {
  name = "cost-reporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.provider }
      Condition = {
        StringEquals = {
          "${local.issuer}:sub" = "system:serviceaccount:billing:cost-reporter"
          "${local.issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# terraform-aws-iam v6 names the role `aws-load-balancer-controller-<suffix>` (`use_name_prefix`
# is true by default).
module "lb_controller_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name                                   = "aws-load-balancer-controller"
  attach_load_balancer_controller_policy = true

  oidc_providers = {
    main = {
      provider_arn               = local.provider
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }
}

# external-dns: correct alone, built from the module outputs (its chart, in helm.tf, is not).
resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.oidc_issuer}:sub" = "system:serviceaccount:external-dns:external-dns"
          "${local.oidc_issuer}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# karpenter: the key is built from the issuer URL, which carries https://.
resource "aws_iam_role" "karpenter" {
  name = "karpenter-controller"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.cluster_oidc_issuer_url}:sub" = "system:serviceaccount:karpenter:karpenter"
          "${module.eks.cluster_oidc_issuer_url}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# crossplane providers: a wildcard under StringEquals never matches.
data "aws_iam_policy_document" "crossplane" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:crossplane-system:provider-aws-*"]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "crossplane" {
  name               = "crossplane-provider-aws"
  assume_role_policy = data.aws_iam_policy_document.crossplane.json
}

# external-secrets: the subject was put under the audience key.
resource "aws_iam_role" "external_secrets" {
  name               = "external-secrets"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringEquals": {
              "${module.eks.oidc_provider}:aud": "system:serviceaccount:external-secrets:external-secrets"
            }
          }
        }
      ]
    }
  EOF
}

# cert-manager: the trust lives in a template file.
resource "aws_iam_role" "cert_manager" {
  name = "cert-manager"
  assume_role_policy = templatefile("${path.module}/policies/irsa-trust.json.tpl", {
    provider_arn    = module.eks.oidc_provider_arn
    issuer          = module.eks.oidc_provider
    service_account = "system:serviceaccount:cert-manager:Cert-Manager"
  })
}

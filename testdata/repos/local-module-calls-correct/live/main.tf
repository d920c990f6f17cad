# The shapes of ../local-module-calls, written correctly: nothing to report.
locals {
  issuer_url   = "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
  provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
}

module "web" {
  source          = "../modules/irsa-role"
  oidc_host       = replace(local.issuer_url, "https://", "")
  provider_arn    = local.provider_arn
  service_account = { namespace = "apps", name = "web" }
}

module "jobs" {
  source          = "../modules/irsa-role"
  oidc_host       = trimprefix(local.provider_arn, "arn:aws:iam::111122223333:oidc-provider/")
  provider_arn    = local.provider_arn
  service_account = { namespace = "apps", name = "jobs" }
}

module "per_team" {
  source          = "../modules/irsa-role"
  count           = 2
  oidc_host       = replace(local.issuer_url, "https://", "")
  provider_arn    = local.provider_arn
  service_account = { namespace = "team-${count.index}", name = "app" }
}

module "github" {
  source   = "../modules/github-role"
  subjects = ["repo:example-org/infra:ref:refs/heads/main", "repo:example-org/app:environment:prod"]
}

# The audience's default is the HCP Terraform one.
module "tfc" {
  source    = "../modules/tfc-role"
  workspace = "prod"
}

module "cni" {
  source                     = "../modules/irsa-wrapper"
  name                       = "vpc-cni"
  oidc_provider_arn          = local.provider_arn
  namespace_service_accounts = ["kube-system:aws-node"]
}

module "cluster" {
  source = "../modules/cluster"
  name   = "main"
}

resource "aws_iam_role" "autoscaler" {
  name = "cluster-autoscaler"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.cluster.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${replace(module.cluster.issuer_url, "https://", "")}:sub" = "system:serviceaccount:kube-system:cluster-autoscaler"
          "${replace(module.cluster.issuer_url, "https://", "")}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# Vault's Kubernetes auth requests tokens for audience `vault`; the trust accepts it but the
# module registers only sts.amazonaws.com and the extra audiences listed here.
module "eks" {
  source                   = "terraform-aws-modules/eks/aws"
  name                     = "platform"
  openid_connect_audiences = ["argocd", "vault"]
}

resource "aws_iam_role" "vault" {
  name = "vault"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn = module.eks.oidc_provider_arn
    oidc_host    = module.eks.oidc_provider
  })
}

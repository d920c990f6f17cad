# The dual-stack URL is fine for reaching the discovery document over IPv6.
module "eks" {
  source = "terraform-aws-modules/eks/aws"
  name   = "platform"
}

data "http" "oidc_discovery" {
  url = "${module.eks.cluster_dualstack_oidc_issuer_url}/.well-known/openid-configuration"
}

output "oidc_discovery_url" {
  value = module.eks.cluster_dualstack_oidc_issuer_url
}

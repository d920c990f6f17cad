# external-dns through the local wrapper: the role admits `kube-system`, the wrapper is given
# `external-dns`.
module "dns_irsa" {
  source          = "../modules/irsa"
  name            = "external-dns"
  namespace       = "kube-system"
  service_account = "external-dns"
}

module "dns" {
  source    = "../modules/dns"
  namespace = "external-dns"
  role_arn  = module.dns_irsa.arn
}

# The same wrapper, given the namespace the role admits: silent.
module "dns_private" {
  source    = "../modules/dns"
  namespace = "kube-system"
  role_arn  = module.dns_irsa.arn
}

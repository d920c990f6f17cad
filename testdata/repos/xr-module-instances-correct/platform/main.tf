# external-dns through the local wrapper, given the namespace its role admits; a second role
# and release for another namespace, each wired to its own call.
module "dns_irsa" {
  source          = "../modules/irsa"
  name            = "external-dns"
  namespace       = "external-dns"
  service_account = "external-dns"
}

module "dns" {
  source    = "../modules/dns"
  namespace = "external-dns"
  role_arn  = module.dns_irsa.arn
}

module "dns_private_irsa" {
  source          = "../modules/irsa"
  name            = "external-dns-private"
  namespace       = "external-dns-private"
  service_account = "external-dns"
}

module "dns_private" {
  source    = "../modules/dns"
  namespace = "external-dns-private"
  role_arn  = module.dns_private_irsa.arn
}

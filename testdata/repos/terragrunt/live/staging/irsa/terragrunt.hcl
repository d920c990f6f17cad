include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "../../../modules/irsa-role"
}

# The unit's own value wins over the included one: correct, silent.
inputs = {
  oidc_host       = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
  service_account = { namespace = "payments", name = "api" }
}

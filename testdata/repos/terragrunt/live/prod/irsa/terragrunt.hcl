include "root" {
  path = find_in_parent_folders()
}

terraform {
  source = "${get_terragrunt_dir()}/../../../modules//irsa-role"
}

locals {
  namespace = "payments"
}

inputs = {
  service_account = { namespace = local.namespace, name = "api" }
}

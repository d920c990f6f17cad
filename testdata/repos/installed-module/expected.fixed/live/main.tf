# A community IRSA module from the registry, installed by `terraform init`.
module "irsa" {
  source  = "example-org/irsa-role/aws"
  version = "1.2.0"

  issuer          = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
  namespace       = "apps"
  service_account = "api"
}

module "irsa_ok" {
  source  = "example-org/irsa-role/aws"
  version = "1.2.0"

  issuer          = "oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
  namespace       = "apps"
  service_account = "worker"
}

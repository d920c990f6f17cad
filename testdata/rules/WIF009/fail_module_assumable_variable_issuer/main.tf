variable "issuer" {
  description = "The cluster's OIDC issuer URL, from the platform team's outputs."
  type        = string
}

# The issuer is not known here, but the module writes no :aud condition whatever it is.
module "app" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = "~> 5.0"

  create_role                   = true
  role_name                     = "app"
  provider_url                  = replace(var.issuer, "https://", "")
  oidc_fully_qualified_subjects = ["system:serviceaccount:apps:app"]
}

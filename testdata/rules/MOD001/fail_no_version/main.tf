variable "issuer" {
  type = string
}

module "app" {
  source = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc" # app role

  create_role                    = true
  role_name                      = "app"
  provider_url                   = replace(var.issuer, "https://", "")
  oidc_fully_qualified_subjects  = ["system:serviceaccount:apps:app"]
  oidc_fully_qualified_audiences = ["sts.amazonaws.com"]
}

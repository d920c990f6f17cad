module "app" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = ">= 5.30"

  create_role                    = true
  role_name                      = "app"
  provider_url                   = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
  oidc_fully_qualified_subjects  = ["system:serviceaccount:apps:app"]
  oidc_fully_qualified_audiences = ["sts.amazonaws.com"]
}

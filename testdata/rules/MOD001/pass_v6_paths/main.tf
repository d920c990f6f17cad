# The v6 modules exist in the newest release.
module "irsa" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  name   = "app"
}

module "role" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role"
  name   = "app"
}

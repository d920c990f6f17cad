variable "iam_module_version" {
  type = string
}

# A version that is not fixed text (or not a constraint this reads) says nothing.
module "a" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = var.iam_module_version
}

module "b" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = "5.0.0-beta1"
}

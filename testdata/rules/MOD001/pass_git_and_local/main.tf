# Git and local sources install what they name, not the newest registry release.
module "git_pinned" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-iam.git//modules/iam-assumable-role-with-oidc?ref=v5.60.0"
}

module "git_branch" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-iam.git//modules/iam-assumable-role-with-oidc"
}

module "vendored" {
  source = "./vendor/terraform-aws-iam/modules/iam-assumable-role-with-oidc"
}

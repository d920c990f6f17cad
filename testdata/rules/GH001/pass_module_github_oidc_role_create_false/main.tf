# v5 iam-github-oidc-role with `create = false` renders no trust policy.
module "deploy_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-github-oidc-role"
  version = "~> 5.0"

  create   = false
  name     = "github-deploy"
  subjects = ["*"]
}

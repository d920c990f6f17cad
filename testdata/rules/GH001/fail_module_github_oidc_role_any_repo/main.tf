# v5 iam-github-oidc-role creates its role by default (`create = true`).
module "deploy_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-github-oidc-role"
  version = "~> 5.0"

  name     = "github-deploy"
  subjects = ["*"]
}

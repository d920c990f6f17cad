module "deploy_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "~> 6.0"

  name               = "github-deploy"
  enable_github_oidc = true
}

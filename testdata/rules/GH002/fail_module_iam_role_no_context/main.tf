# terraform-aws-iam v6 iam-role prefixes `repo:`; `oidc_subjects` is matched with StringEquals.
module "deploy_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "~> 6.0"

  name               = "github-deploy"
  enable_github_oidc = true
  oidc_subjects      = ["example-org/infra"]
}

module "deploy_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-github-oidc-role"
  version = "~> 5.0"

  name     = "github-deploy"
  subjects = ["example-org/infra:environment:production"]
}

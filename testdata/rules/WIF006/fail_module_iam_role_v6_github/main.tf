module "github_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "~> 6.0"

  name               = "github-infra"
  enable_github_oidc = true
  oidc_wildcard_subjects = ["example-org/infra:ref:refs/heads/main"]
}

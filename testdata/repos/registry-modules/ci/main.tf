module "deploy" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-github-oidc-role"
  version = "~> 5.0"

  name     = "deploy"
  subjects = ["acme/infra:ref:refs/heads/main"]
}

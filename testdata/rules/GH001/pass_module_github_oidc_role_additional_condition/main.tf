# No `subjects`, but the subject is pinned through the module's extra conditions.
module "deploy_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-github-oidc-role"
  version = "~> 5.0"

  name = "github-deploy"
  additional_trust_policy_conditions = [
    {
      test     = "StringEquals"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:example-org/infra:ref:refs/heads/main"]
    },
  ]
}

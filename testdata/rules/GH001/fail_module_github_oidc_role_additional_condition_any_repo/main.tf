# The module's extra conditions are read like its own: a subject pattern there is checked too.
module "deploy_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-github-oidc-role"
  version = "~> 5.0"

  name = "github-deploy"
  additional_trust_policy_conditions = [
    {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:*"]
    },
  ]
}

# No subject inputs, but the subject is pinned through `provider_trust_policy_conditions`.
module "reporting" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = "~> 5.0"

  create_role  = true
  role_name    = "reporting"
  provider_url = "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
  provider_trust_policy_conditions = [
    {
      test     = "StringEquals"
      variable = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub"
      values   = ["system:serviceaccount:reporting:reporter"]
    },
  ]
}

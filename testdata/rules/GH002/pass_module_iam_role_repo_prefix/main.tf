# terraform-aws-iam v6 iam-role writes `repo:${trimprefix(subject, "repo:")}`: subjects may be
# given with or without `repo:`.
module "iam_role_github_oidc" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role"

  name               = "ci"
  enable_github_oidc = true
  oidc_subjects = [
    "repo:example-org/infra:pull_request",
    "example-org/infra:ref:refs/heads/main",
  ]
}

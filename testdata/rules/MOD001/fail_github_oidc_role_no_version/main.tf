module "deploy" {
	source = "terraform-aws-modules/iam/aws//modules/iam-github-oidc-role"
	name   = "deploy"
	subjects = ["repo:acme/infra:ref:refs/heads/main"]
}

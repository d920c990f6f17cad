module "app" { source = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc" }

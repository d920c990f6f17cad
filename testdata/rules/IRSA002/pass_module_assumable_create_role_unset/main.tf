module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# v5 iam-assumable-role-with-oidc creates its role only with `create_role = true` (default
# false): this call makes no role, so its missing subjects trust nothing.
module "reporting" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = "~> 5.0"

  role_name                      = "reporting"
  provider_url                   = module.eks.cluster_oidc_issuer_url
  oidc_fully_qualified_audiences = ["sts.amazonaws.com"]
}

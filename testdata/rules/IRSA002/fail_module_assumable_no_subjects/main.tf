module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# v5 iam-assumable-role-with-oidc emits no sub condition when both subject lists are empty.
module "reporting" {
  source = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"

  create_role                    = true
  role_name                      = "reporting"
  provider_url                   = module.eks.cluster_oidc_issuer_url
  oidc_fully_qualified_audiences = ["sts.amazonaws.com"]
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"
}

module "app" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "~> 6.0"

  name               = "app"
  enable_oidc        = true
  oidc_provider_urls = [module.eks.oidc_provider]
  oidc_subjects      = ["system:serviceaccount:apps:app"]
  trust_policy_conditions = [
    {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = ["111122223333"]
    }
  ]
}

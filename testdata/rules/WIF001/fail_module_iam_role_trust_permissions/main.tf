module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"
}

# sts:AssumeRole with a Federated OIDC principal: STS never accepts web-identity tokens so.
module "platform" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "~> 6.0"

  name = "platform"
  trust_policy_permissions = {
    Irsa = {
      actions = ["sts:AssumeRole"]
      principals = [{
        type        = "Federated"
        identifiers = [module.eks.oidc_provider_arn]
      }]
      condition = [{
        test     = "StringEquals"
        variable = "${module.eks.oidc_provider}:sub"
        values   = ["system:serviceaccount:apps:app"]
      }]
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"
}

# A hand-written trust statement through trust_policy_permissions.
module "platform" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "~> 6.0"

  name = "platform"
  trust_policy_permissions = {
    IrsaAnyServiceAccount = {
      actions = ["sts:AssumeRoleWithWebIdentity"]
      principals = [{
        type        = "Federated"
        identifiers = [module.eks.oidc_provider_arn]
      }]
      condition = [
        {
          test     = "StringLike"
          variable = "${module.eks.oidc_provider}:sub"
          values   = ["system:serviceaccount:*:*"]
        },
        {
          test     = "StringEquals"
          variable = "${module.eks.oidc_provider}:aud"
          values   = ["sts.amazonaws.com"]
        },
      ]
    }
  }
}

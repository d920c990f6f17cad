module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:team-a:*"]
    }
    condition {
      test     = "StringNotLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:team-a:debug-*"]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "team_a" {
  name               = "team-a"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

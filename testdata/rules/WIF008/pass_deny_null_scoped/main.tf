module "eks_a" {
  source = "terraform-aws-modules/eks/aws"
}

module "eks_b" {
  source = "terraform-aws-modules/eks/aws"
}

# `Null` = false limits the Deny to tokens that carry cluster A's claims.
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks_a.oidc_provider_arn, module.eks_b.oidc_provider_arn]
    }
  }
  statement {
    effect  = "Deny"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringNotLike"
      variable = "${module.eks_a.oidc_provider}:sub"
      values   = ["system:serviceaccount:reports:*"]
    }
    condition {
      test     = "Null"
      variable = "${module.eks_a.oidc_provider}:aud"
      values   = ["false"]
    }
  }
}

resource "aws_iam_role" "reports" {
  name               = "reports"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

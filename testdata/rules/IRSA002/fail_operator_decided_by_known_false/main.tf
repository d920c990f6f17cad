# `strict` is false whatever the unknown flag is, so the operator is StringLike and the
# subject admits every service account of the namespace.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
}

variable "strict_from_pipeline" {
  type = bool
}

locals {
  strict = var.strict_from_pipeline && false
}

data "aws_iam_policy_document" "jobs" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = local.strict ? "StringEquals" : "StringLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:jobs:*"]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "jobs" {
  name               = "jobs"
  assume_role_policy = data.aws_iam_policy_document.jobs.json
}

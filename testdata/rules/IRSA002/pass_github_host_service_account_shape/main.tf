# A known non-EKS issuer (GitHub) is not taken for a cluster because a subject looks like a
# service account: that subject is GH002's business, not IRSA002's.
data "aws_iam_policy_document" "odd" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["system:serviceaccount:*:*"]
    }
  }
}

resource "aws_iam_role" "odd" {
  name               = "odd"
  assume_role_policy = data.aws_iam_policy_document.odd.json
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals {
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = ["reporting"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = "reports"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

output "arn" {
  value = aws_iam_role.this.arn
}

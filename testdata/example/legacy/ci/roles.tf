# Copied from an old README: the provider host has region and "eks" swapped, and the
# condition key repeats the whole provider ARN.
resource "aws_iam_role" "legacy_app" {
  name = "legacy-app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = {
        Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.us-west-2.eks.amazonaws.com/EXAMPLED539D4633E53DE1B716D3041E"
      }
      Action = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E:sub" = "system:serviceaccount:default:legacy-app"
        }
      }
    }]
  })
}

# Any pod of the cluster can take this role: no subject condition at all.
data "aws_iam_policy_document" "reporting" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E"]
    }
    condition {
      test     = "StringEquals"
      variable = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "reporting" {
  name               = "reporting"
  assume_role_policy = data.aws_iam_policy_document.reporting.json
}

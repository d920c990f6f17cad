data "aws_partition" "current" {}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:${data.aws_partition.current.partition}:iam::111122223333:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {
        "oidc.eks.us-gov-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub": "system:serviceaccount:apps:app",
        "oidc.eks.us-gov-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:aud": "sts.amazonaws.com"
      }
    }
  }]
}
EOF
}

# Under StringLike without a wildcard the value must still match exactly.
resource "aws_iam_role" "deploy" {
  name               = "github-deploy"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      "StringLike": {
        "token.actions.githubusercontent.com:sub": [
          "repo:example-org/infra:ref:refs/heads/*",
          "repo:example-org@1234567/infra@7654321"
        ]
      }
    }
  }]
}
EOF
}

resource "aws_iam_role" "deploy" {
  name               = "deploy"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": { "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" } }
    },
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/gitlab.com" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": { "StringEquals": { "gitlab.com:aud": "https://gitlab.com" } }
    },
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringNotLike": { "app.terraform.io:sub": "organization:example:project:infra:*" },
        "Null": { "app.terraform.io:sub": "false" }
      }
    }
  ]
}
EOF
}

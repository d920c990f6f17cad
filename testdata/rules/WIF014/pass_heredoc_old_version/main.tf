# `2008-10-17` is an old but valid version, a statement may be a single object, and
# `"Principal": "*"` is valid grammar.
resource "aws_iam_role" "legacy" {
  name               = "legacy"
  assume_role_policy = <<EOF
{
  "Version": "2008-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": "*",
    "Action": "sts:AssumeRole",
    "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }
  }
}
EOF
}

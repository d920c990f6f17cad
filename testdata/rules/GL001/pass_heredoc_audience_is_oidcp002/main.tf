resource "aws_iam_openid_connect_provider" "gitlab" {
  url            = "https://gitlab.com"
  client_id_list = ["https://gitlab.com"]
}

resource "aws_iam_role" "ci" {
  name               = "gitlab-ci"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${aws_iam_openid_connect_provider.gitlab.arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": { "gitlab.com:aud": "sts.amazonaws.com" },
      "StringLike": { "gitlab.com:sub": "project_path:example-group/infra:ref_type:branch:ref:main" }
    }
  }]
}
EOF
}

# The trust accepts two audiences; the provider only the first, so jobs requesting
# `sts.amazonaws.com` are refused.
resource "aws_iam_openid_connect_provider" "gitlab" {
  url            = "https://gitlab.com"
  client_id_list = ["https://gitlab.com", "sts.amazonaws.com"]
}

resource "aws_iam_role" "deploy" {
  name               = "gitlab-deploy"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${aws_iam_openid_connect_provider.gitlab.arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": { "StringEquals": {
      "gitlab.com:aud": ["https://gitlab.com", "sts.amazonaws.com"],
      "gitlab.com:sub": "project_path:acme/infra:ref_type:branch:ref:main"
    } }
  }]
}
EOF
}

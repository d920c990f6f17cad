variable "ci_issuer_url" {
  type = string
}

resource "aws_iam_openid_connect_provider" "ci" {
  url            = var.ci_issuer_url
  client_id_list = ["sts.amazonaws.com"]
}

# One Federated provider whose issuer is not known here, but the keys name GitHub and
# GitLab: whichever the provider is, no token carries both.
resource "aws_iam_role" "deploy" {
  name               = "ci-deploy"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${aws_iam_openid_connect_provider.ci.arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": "repo:example-org/infra:ref:refs/heads/main",
        "gitlab.com:sub": "project_path:example-group/infra:ref_type:branch:ref:main"
      }
    }
  }]
}
EOF
}

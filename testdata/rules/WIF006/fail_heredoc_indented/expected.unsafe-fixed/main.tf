resource "aws_iam_role" "gitlab" {
  name               = "gitlab-deploy"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/gitlab.com" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
          "StringLike": {
            "gitlab.com:sub": "project_path:example-group/app:ref_type:branch:ref:main"
          },
          "StringEquals": { "gitlab.com:aud": "https://gitlab.com" }
        }
      }]
    }
  EOF
}

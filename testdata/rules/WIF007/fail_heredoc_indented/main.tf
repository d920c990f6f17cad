resource "aws_iam_role" "builds" {
  name               = "builds"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": [
          "arn:aws:iam::111122223333:oidc-provider/app.terraform.io",
          "arn:aws:iam::111122223333:oidc-provider/gitlab.com"
        ] },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
          "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
          "StringLike": {
            "app.terraform.io:sub": "organization:example:project:infra:workspace:*:run_phase:*",
            "gitlab.com:sub": "project_path:example-group/infra:ref_type:branch:ref:main"
          }
        }
      }]
    }
  EOF
}

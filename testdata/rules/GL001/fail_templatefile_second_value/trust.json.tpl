{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${provider_arn}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": { "gitlab.com:aud": "https://gitlab.com" },
        "StringLike": {
          "gitlab.com:sub": [
            "project_path:${project}:ref_type:branch:ref:main",
            "${project}:ref_type:tag:ref:v*"
          ]
        }
      }
    }
  ]
}

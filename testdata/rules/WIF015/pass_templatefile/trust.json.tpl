{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${provider_arn}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": { "StringEquals": { "jenkins.example.com/oidc:sub": "https://jenkins.example.com/job/deploy/" } }
    }
  ]
}

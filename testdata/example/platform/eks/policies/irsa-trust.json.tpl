{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${provider_arn}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${issuer}:sub": "${service_account}",
          "${issuer}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}

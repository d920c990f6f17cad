{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${provider_arn}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${replace(issuer_url, "https://", "")}:sub": "system:serviceaccount:${namespace}:${service_account}",
          "${replace(issuer_url, "https://", "")}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}

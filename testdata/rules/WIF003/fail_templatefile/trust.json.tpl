{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${provider_arn}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${issuer_url}:sub": "system:serviceaccount:${namespace}:${service_account}",
          "${issuer_url}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}

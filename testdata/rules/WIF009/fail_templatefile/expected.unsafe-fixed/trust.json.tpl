{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${provider_arn}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${oidc_host}:sub": "system:serviceaccount:${namespace}:${service_account}",
          "${oidc_host}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}

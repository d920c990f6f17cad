{
  "Version": "2012-10-17",
  "Statement": [
    %{~ for sa in split(",", service_accounts) ~}
    {
      "Effect": "Allow",
      "Principal": { "Federated": "${provider_arn}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": { "StringEquals": {
        "${issuer}:sub": "system:serviceaccount:${sa}",
        "${issuer}:aud": "sts.amazonaws.com"
      } }
    }
    %{~ endfor ~}
  ]
}

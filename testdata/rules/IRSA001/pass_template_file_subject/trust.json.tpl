{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${provider_arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": { "StringEquals": {
      "${issuer}:aud": "sts.amazonaws.com",
      "${issuer}:sub": "system:serviceaccount:${namespace}:${name}"
    } }
  }]
}

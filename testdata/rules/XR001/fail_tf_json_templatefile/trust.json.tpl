{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/${issuer}" },
    "Condition": {
      "StringEquals": {
        "${issuer}:sub": "${service_account}",
        "${issuer}:aud": "sts.amazonaws.com"
      }
    }
  }]
}

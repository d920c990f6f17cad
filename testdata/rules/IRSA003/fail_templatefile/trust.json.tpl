{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/${oidc_host}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${oidc_host}:sub": "system:serviceaccount:${namespace}:velero-server",
          "${oidc_host}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}

{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::${account}:oidc-provider/${oidc_host}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${oidc_host}:sub": "system:serviceaccount:velero:velero",
          "${oidc_host}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}

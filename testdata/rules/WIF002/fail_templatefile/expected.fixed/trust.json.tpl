{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:${partition}:iam::${account_id}:oidc-provider/${replace(issuer, "https://", "")}" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${oidc_host}:sub": "system:serviceaccount:velero:velero-server",
          "${oidc_host}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}

{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": ["${provider_a}", "${provider_b}"] },
      "Action": "sts:AssumeRoleWithWebIdentity"
    },
    {
      "Effect": "Deny",
      "Principal": "*",
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringNotEquals": { "${host_a}:sub": "system:serviceaccount:velero:velero" },
        "Null": { "${host_a}:sub": "false" }
      }
    }
  ]
}

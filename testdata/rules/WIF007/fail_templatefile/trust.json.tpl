{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": ${jsonencode(providers)} },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${host_a}:sub": "system:serviceaccount:velero:velero",
          "${host_b}:sub": "system:serviceaccount:velero:velero",
          "${host_a}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}

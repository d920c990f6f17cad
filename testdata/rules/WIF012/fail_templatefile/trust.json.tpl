{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::${account}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9"}, "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9:sub": "system:serviceaccount:argo:argo-server", "oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9:aud": "sts.amazonaws.com"}}},
    {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::${account}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/1B2C3D4E5F60718293A4B5C6D7E8F90A"}, "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringEquals": {"oidc.eks.us-west-2.amazonaws.com/id/1B2C3D4E5F60718293A4B5C6D7E8F90A:sub": "system:serviceaccount:argo:argo-server", "oidc.eks.us-west-2.amazonaws.com/id/1B2C3D4E5F60718293A4B5C6D7E8F90A:aud": "sts.amazonaws.com"}}},
    {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::${account}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/2C3D4E5F60718293A4B5C6D7E8F90A1B"}, "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringEquals": {"oidc.eks.eu-west-1.amazonaws.com/id/2C3D4E5F60718293A4B5C6D7E8F90A1B:sub": "system:serviceaccount:argo:argo-server", "oidc.eks.eu-west-1.amazonaws.com/id/2C3D4E5F60718293A4B5C6D7E8F90A1B:aud": "sts.amazonaws.com"}}},
    {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::${account}:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/3D4E5F60718293A4B5C6D7E8F90A1B2C"}, "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringEquals": {"oidc.eks.eu-central-1.amazonaws.com/id/3D4E5F60718293A4B5C6D7E8F90A1B2C:sub": "system:serviceaccount:argo:argo-server", "oidc.eks.eu-central-1.amazonaws.com/id/3D4E5F60718293A4B5C6D7E8F90A1B2C:aud": "sts.amazonaws.com"}}},
    {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::${account}:oidc-provider/oidc.eks.ap-southeast-1.amazonaws.com/id/4E5F60718293A4B5C6D7E8F90A1B2C3D"}, "Action": "sts:AssumeRoleWithWebIdentity",
     "Condition": {"StringEquals": {"oidc.eks.ap-southeast-1.amazonaws.com/id/4E5F60718293A4B5C6D7E8F90A1B2C3D:sub": "system:serviceaccount:argo:argo-server", "oidc.eks.ap-southeast-1.amazonaws.com/id/4E5F60718293A4B5C6D7E8F90A1B2C3D:aud": "sts.amazonaws.com"}}}
  ]
}

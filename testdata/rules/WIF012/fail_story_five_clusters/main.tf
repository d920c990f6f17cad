# One role trusted by five clusters: about 450 characters per IRSA statement, so five do not
# fit into the default 2048 (the EKS docs say about four).
locals {
  clusters = [
    "oidc.eks.us-east-1.amazonaws.com/id/0A1B2C3D4E5F60718293A4B5C6D7E8F9",
    "oidc.eks.us-west-2.amazonaws.com/id/1B2C3D4E5F60718293A4B5C6D7E8F90A",
    "oidc.eks.eu-west-1.amazonaws.com/id/2C3D4E5F60718293A4B5C6D7E8F90A1B",
    "oidc.eks.eu-central-1.amazonaws.com/id/3D4E5F60718293A4B5C6D7E8F90A1B2C",
    "oidc.eks.ap-southeast-1.amazonaws.com/id/4E5F60718293A4B5C6D7E8F90A1B2C3D",
  ]
}

resource "aws_iam_role" "external_dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [for host in local.clusters : {
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/${host}" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${host}:sub" = "system:serviceaccount:kube-system:external-dns"
          "${host}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

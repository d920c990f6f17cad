# The provider's url is an output of a module irsa-lint cannot read: not a literal, only an info.
module "cluster" {
  source  = "acme/cluster/aws"
  version = "1.2.0"
}

resource "aws_iam_openid_connect_provider" "eks" {
  url            = module.cluster.oidc_issuer_url
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "loki" {
  name               = "loki"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${aws_iam_openid_connect_provider.eks.arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": { "StringEquals": {
      "${aws_iam_openid_connect_provider.eks.url}:sub": "system:serviceaccount:monitoring:loki",
      "${aws_iam_openid_connect_provider.eks.url}:aud": "sts.amazonaws.com"
    } }
  }]
}
EOF
}

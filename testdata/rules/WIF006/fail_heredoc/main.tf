module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "loki" {
  name               = "loki"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "ForAllValues:StringEquals": { "${module.eks.oidc_provider}:sub": "system:serviceaccount:logging:loki" },
      "StringEquals": { "${module.eks.oidc_provider}:aud": "sts.amazonaws.com" }
    }
  }]
}
EOF
}

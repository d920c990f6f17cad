module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Federated": "${module.eks.oidc_provider_arn}"},
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {"StringEquals": {
      "${module.eks.oidc_provider}:sub": "system:serviceaccount:payments:api",
      "${module.eks.oidc_provider}:aud": "sts.amazonaws.com"
    }}
  }]
}
EOF
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = module.eks.cluster_name
  namespace       = "payments"
  service_account = "api"
  role_arn        = aws_iam_role.app.arn
}

# OpenTofu reads main.tofu instead of this file: its finding (WIF003) is not reported.
module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "old" {
  name = "old"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.cluster_oidc_issuer_url}:sub" = "system:serviceaccount:kube-system:old"
          "${module.eks.cluster_oidc_issuer_url}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

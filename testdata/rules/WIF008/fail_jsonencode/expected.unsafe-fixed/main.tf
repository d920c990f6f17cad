module "eks_a" {
  source = "terraform-aws-modules/eks/aws"
}

module "eks_b" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "reports" {
  name = "reports"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = [module.eks_a.oidc_provider_arn, module.eks_b.oidc_provider_arn] }
        Action    = "sts:AssumeRoleWithWebIdentity"
      },
      {
        Effect    = "Deny"
        Principal = { AWS = "*" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringNotLike = { "${module.eks_a.oidc_provider}:sub" = "system:serviceaccount:reports:*" }
          Null = { "${module.eks_a.oidc_provider}:sub" = "false" }
        }
      }
    ]
  })
}

module "eks_a" {
  source = "terraform-aws-modules/eks/aws"
}

module "eks_b" {
  source = "terraform-aws-modules/eks/aws"
}

# The Deny's principal is cluster A's provider: tokens of cluster B never reach it.
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
        Principal = { Federated = module.eks_a.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringNotLike = { "${module.eks_a.oidc_provider}:sub" = "system:serviceaccount:reports:*" }
        }
      }
    ]
  })
}

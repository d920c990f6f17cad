module "eks_a" { source = "terraform-aws-modules/eks/aws" }
module "eks_b" { source = "terraform-aws-modules/eks/aws" }
module "eks_c" { source = "terraform-aws-modules/eks/aws" }
module "eks_d" { source = "terraform-aws-modules/eks/aws" }
module "eks_e" { source = "terraform-aws-modules/eks/aws" }

# Provider ARNs and hosts are only known after apply: the length is estimated.
resource "aws_iam_role" "karpenter" {
  name = "karpenter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      for eks in [
        { arn = module.eks_a.oidc_provider_arn, host = module.eks_a.oidc_provider },
        { arn = module.eks_b.oidc_provider_arn, host = module.eks_b.oidc_provider },
        { arn = module.eks_c.oidc_provider_arn, host = module.eks_c.oidc_provider },
        { arn = module.eks_d.oidc_provider_arn, host = module.eks_d.oidc_provider },
        { arn = module.eks_e.oidc_provider_arn, host = module.eks_e.oidc_provider },
      ] : {
        Effect    = "Allow"
        Principal = { Federated = eks.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${eks.host}:sub" = "system:serviceaccount:karpenter:karpenter"
            "${eks.host}:aud" = "sts.amazonaws.com"
          }
        }
      }
    ]
  })
}

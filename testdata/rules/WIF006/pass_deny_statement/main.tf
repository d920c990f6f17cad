module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# Set operators in a Deny do not widen who is allowed; WIF006 only looks at Allow statements.
resource "aws_iam_role" "api" {
  name = "api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = module.eks.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${module.eks.oidc_provider}:sub" = "system:serviceaccount:apps:api"
            "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
          }
        }
      },
      {
        Effect    = "Deny"
        Principal = { Federated = module.eks.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          "ForAnyValue:StringEquals" = { "${module.eks.oidc_provider}:sub" = "system:serviceaccount:apps:debug" }
        }
      }
    ]
  })
}

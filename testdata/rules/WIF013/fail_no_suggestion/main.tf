module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# No IAM operator is close to `StringMatches`: reported without a suggestion.
resource "aws_iam_role" "api" {
  name = "api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringMatches = { "${module.eks.oidc_provider}:sub" = "system:serviceaccount:apps:api" }
        StringEquals  = { "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com" }
      }
    }]
  })
}

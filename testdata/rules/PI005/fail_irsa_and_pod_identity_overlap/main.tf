module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "irsa" {
  name = "karpenter-irsa"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = { StringEquals = {
        "${module.eks.oidc_provider}:sub" = "system:serviceaccount:kube-system:karpenter"
        "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
      } }
    }]
  })
}

resource "aws_iam_role" "pod" {
  name = "karpenter"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-service-account" = "karpenter" } }
    }]
  })
}

resource "aws_eks_pod_identity_association" "karpenter" {
  cluster_name    = module.eks.cluster_name
  namespace       = "kube-system"
  service_account = "karpenter"
  role_arn        = aws_iam_role.pod.arn
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.0.1"

  name = "platform"
}

module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "21.0.0"

  cluster_name = module.eks.cluster_name
}

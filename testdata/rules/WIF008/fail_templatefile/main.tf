module "eks_a" {
  source = "terraform-aws-modules/eks/aws"
}

module "eks_b" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_a = module.eks_a.oidc_provider_arn
    provider_b = module.eks_b.oidc_provider_arn
    host_a     = module.eks_a.oidc_provider
  })
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn = module.eks.oidc_provider_arn
    oidc_host    = module.eks.oidc_provider
    namespace    = "velero"
  })
}

data "aws_caller_identity" "current" {}

module "eks" {
  source      = "terraform-aws-modules/eks/aws"
  name        = "platform"
  enable_irsa = true
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:oidc-provider/${module.eks.oidc_provider}"
    oidc_host    = module.eks.oidc_provider
  })
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
  name   = "platform"
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn = module.eks.oidc_provider_arn
    oidc_host    = trimprefix(module.eks.cluster_dualstack_oidc_issuer_url, "https://")
  })
}

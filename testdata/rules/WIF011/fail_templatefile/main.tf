provider "aws" {
  region = "cn-north-1"
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    account   = "111122223333"
    oidc_host = module.eks.oidc_provider
  })
}

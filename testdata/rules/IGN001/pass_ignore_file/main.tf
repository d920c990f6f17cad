# irsa-lint:ignore-file WIF009 -- audiences are pinned by the provider's client_id_list
module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "a" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${module.eks.oidc_provider}:sub" = "system:serviceaccount:a:a" }
      }
    }]
  })
}

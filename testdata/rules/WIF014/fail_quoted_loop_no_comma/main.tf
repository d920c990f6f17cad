module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

locals {
  subjects = ["system:serviceaccount:apps:web", "system:serviceaccount:apps:worker"]
}

resource "aws_iam_role" "web" {
  name = "web"
  # The subjects list renders as `["…web""…worker"]`.
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"${module.eks.oidc_provider_arn}\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringEquals\": {\"${module.eks.oidc_provider}:aud\": \"sts.amazonaws.com\", \"${module.eks.oidc_provider}:sub\": [%{ for s in local.subjects }\"${s}\"%{ endfor }]}}}]}"
}

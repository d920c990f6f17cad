module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

variable "strict" {
  type = bool
}

resource "aws_iam_role" "web" {
  name               = "web"
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"${module.eks.oidc_provider_arn}\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"%{ if var.strict }StringEquals%{ else }StringLike\": {\"${module.eks.oidc_provider}:sub\": \"system:serviceaccount:web:*\"}}}]}"
}

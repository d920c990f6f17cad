module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# A negated condition on another issuer's key is true when that key is absent, so the
# statement can still match tokens of this cluster.
resource "aws_iam_role" "api" {
  name = "api"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = "system:serviceaccount:apps:api"
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
        StringNotEquals = { "gitlab.com:sub" = "project_path:example-group/untrusted:ref_type:branch:ref:main" }
      }
    }]
  })
}

# EKS, GitHub, GitLab, HCP Terraform and Cognito trusts without conditions are reported by
# IRSA002, GH001, GL001, TFC001 and COG001.
module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Principal = { Federated = [
        module.eks.oidc_provider_arn,
        "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D",
        "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
        "arn:aws:iam::111122223333:oidc-provider/ghes.example.com/_services/token",
        "arn:aws:iam::111122223333:oidc-provider/gitlab.com",
        "arn:aws:iam::111122223333:oidc-provider/app.terraform.io",
        "cognito-identity.amazonaws.com",
      ] }
      Action = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}

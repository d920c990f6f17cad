# Ten copies of ten copies ...: the value outgrows the evaluation budget.
locals {
  a0 = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
  a1 = [local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0, local.a0]
  a2 = [local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1, local.a1]
  a3 = [local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2, local.a2]
  a4 = [local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3, local.a3]
  a5 = [local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4, local.a4]
  a6 = [local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5, local.a5]
  a7 = [local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6, local.a6]
}
resource "aws_iam_role" "app" {
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity", Principal = { Federated = local.a7 } }] })
}

# The cluster is created here, without IRSA; the trust was pasted from the console.
module "eks" {
  source      = "terraform-aws-modules/eks/aws"
  name        = "platform"
  enable_irsa = false
}

resource "aws_iam_role" "loki" {
  name               = "loki"
  assume_role_policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": { "StringEquals": {
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub": "system:serviceaccount:monitoring:loki",
          "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:aud": "sts.amazonaws.com"
        } }
      }]
    }
  EOT
}

# The trust admits the ServiceAccount payments/api.
resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D" },
        "Condition": {
          "StringEquals": {
            "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub": "system:serviceaccount:payments:api",
            "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:aud": "sts.amazonaws.com"
          }
        }
      }]
    }
  EOF
}

resource "kubernetes_service_account_v1" "app" {
  metadata {
    name      = "api"
    namespace = "payments"
    annotations = {
      "eks.amazonaws.com/role-arn" = aws_iam_role.app.arn
    }
  }
}

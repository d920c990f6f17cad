# A Deny on the issuer's tokens may narrow the Allow: breadth is not established.
resource "aws_iam_role" "deploy" {
  name = "jenkins-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/jenkins.example.com/oidc" }
        Action    = "sts:AssumeRoleWithWebIdentity"
      },
      {
        Effect    = "Deny"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/jenkins.example.com/oidc" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringNotLike = { "jenkins.example.com/oidc:sub" = "https://jenkins.example.com/job/deploy/*" }
        }
      },
    ]
  })
}

# No condition on any claim of an issuer without a rule of its own: WIF015 reports the whole
# gap (`:sub` and `:aud`), so WIF009 does not add a second finding.
resource "aws_iam_role" "deploy" {
  name = "jenkins-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/jenkins.example.com/oidc" }
      Action    = "sts:AssumeRoleWithWebIdentity"
    }]
  })
}

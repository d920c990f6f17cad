resource "aws_iam_role" "deploy" {
  name = "jenkins-deploy"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn = "arn:aws:iam::111122223333:oidc-provider/jenkins.example.com/oidc"
  })
}

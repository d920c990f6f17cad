resource "aws_iam_role" "deploy" {
  name               = "jenkins-deploy"
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/jenkins.example.com/oidc\"}, \"Action\": \"sts:*\", \"Condition\": {\"StringEquals\": {\"jenkins.example.com/oidc:aud\": \"jenkins-deploy\"}}}]}"
}

variable "subject_key" {
  type = string
}

resource "aws_iam_role" "deploy" {
  name = "jenkins-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/jenkins.example.com/oidc" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { (var.subject_key) = "https://jenkins.example.com/job/deploy/" }
      }
    }]
  })
}

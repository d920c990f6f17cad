variable "subject" {
  type = string
}

resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    subject = var.subject
  })
}

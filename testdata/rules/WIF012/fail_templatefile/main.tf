resource "aws_iam_role" "argo" {
  name = "argo-workflows"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    account = "111122223333"
  })
}

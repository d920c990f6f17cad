resource "aws_iam_role" "app" {
  name = "payments-api"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    account_id = "111122223333"
  })
}

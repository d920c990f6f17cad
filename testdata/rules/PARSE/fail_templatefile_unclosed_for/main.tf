resource "aws_iam_role" "ingest" {
  name = "ingest"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    provider_arn     = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
    issuer           = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
    service_accounts = ["ingest:reader", "ingest:writer"]
  })
}

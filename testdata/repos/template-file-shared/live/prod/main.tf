# Each environment renders the shared template with the template provider.
data "template_file" "tempo_trust" {
  template = file("${path.module}/../../templates/irsa-trust.json.tpl")
  vars = {
    provider_arn     = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
    issuer           = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
    namespace        = "Observability"
    service_accounts = "tempo-ingester,tempo-querier"
  }
}

resource "aws_iam_role" "tempo" {
  name               = "prod-tempo"
  assume_role_policy = data.template_file.tempo_trust.rendered
}

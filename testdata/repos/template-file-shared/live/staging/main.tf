# Each environment renders the shared template with the template provider.
data "template_file" "tempo_trust" {
  template = file("${path.module}/../../templates/irsa-trust.json.tpl")
  vars = {
    provider_arn     = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5E8C1F7A9B2D4E6F8A0C1B3D5E7F9A1B"
    issuer           = "oidc.eks.eu-west-1.amazonaws.com/id/5E8C1F7A9B2D4E6F8A0C1B3D5E7F9A1B"
    namespace        = "observability"
    service_accounts = "tempo-ingester,tempo-querier"
  }
}

resource "aws_iam_role" "tempo" {
  name               = "staging-tempo"
  assume_role_policy = data.template_file.tempo_trust.rendered
}

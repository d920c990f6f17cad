data "template_file" "trust" {
  template = file("${path.module}/trust.json.tpl")
  vars = {
    provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
    issuer       = "oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
    namespace    = "Monitoring"
    name         = "loki"
  }
}

resource "aws_iam_role" "loki" {
  name               = "loki"
  assume_role_policy = data.template_file.trust.rendered
}

# The external-dns ServiceAccount again, declared through the kubernetes provider.
resource "kubernetes_manifest" "external_dns" {
  manifest = {
    apiVersion = "v1"
    kind       = "ServiceAccount"
    metadata = {
      name      = "external-dns"
      namespace = "external-dns"
      annotations = {
        "eks.amazonaws.com/role-arn" = aws_iam_role.external_dns.arn
      }
    }
  }
}

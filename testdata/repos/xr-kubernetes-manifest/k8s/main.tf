# ServiceAccounts created through the kubernetes provider's `kubernetes_manifest`, naming the
# roles of ../iam by their ARN. A manifest is what runs, so each finding is on the trust's
# subject, with the ServiceAccount as its label.

# A typo in the name (`extenral-dns`): the trust admits `external-dns`, so the pods get
# AccessDenied.
resource "kubernetes_manifest" "external_dns" {
  manifest = {
    apiVersion = "v1"
    kind       = "ServiceAccount"
    metadata = {
      name      = "extenral-dns"
      namespace = "external-dns"
      annotations = {
        "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/external-dns"
      }
    }
  }
}

# Decoded from a YAML file beside the module, which puts the controller in its own namespace
# while the trust admits `kube-system`. The file is one object: one finding, not a second one
# for the file read as a manifest of the tree.
resource "kubernetes_manifest" "lb_controller" {
  manifest = yamldecode(file("${path.module}/lb-controller-sa.yaml"))
}

# ServiceAccounts whose hand-written role ARN is exactly the ARN of a role of ../iam: silent.
resource "kubernetes_service_account_v1" "reports" {
  metadata {
    name      = "reports-worker"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/reports"
    }
  }
}

resource "kubernetes_service_account_v1" "invoices" {
  metadata {
    name      = "invoices-worker"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/invoices"
    }
  }
}

# The role's path is part of its ARN.
resource "kubernetes_service_account_v1" "external_dns" {
  metadata {
    name      = "external-dns"
    namespace = "external-dns"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/eks/external-dns"
    }
  }
}

# ServiceAccounts whose role ARN, written out by hand, is not the ARN of a role.

# A policy ARN pasted where the role's belongs.
resource "kubernetes_service_account_v1" "reports" {
  metadata {
    name      = "reports-worker"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:policy/reports"
    }
  }
}

# A trailing space, copied from the console along with the ARN.
resource "kubernetes_service_account_v1" "invoices" {
  metadata {
    name      = "invoices-worker"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/invoices "
    }
  }
}

# The role `external-dns` of ../iam is at path `/eks/`: its ARN is `…:role/eks/external-dns`.
resource "kubernetes_service_account_v1" "external_dns" {
  metadata {
    name      = "external-dns"
    namespace = "external-dns"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/external-dns"
    }
  }
}

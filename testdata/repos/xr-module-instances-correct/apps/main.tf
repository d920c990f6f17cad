# Two calls of the same role module: each ServiceAccount is admitted by its own call's trust.
module "reports_irsa" {
  source          = "../modules/irsa"
  name            = "reports"
  namespace       = "apps"
  service_account = "reports-worker"
}

resource "kubernetes_service_account_v1" "reports" {
  metadata {
    name      = "reports-worker"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.reports_irsa.arn
    }
  }
}

module "billing_irsa" {
  source          = "../modules/irsa"
  name            = "billing"
  namespace       = "apps"
  service_account = "billing-worker"
}

resource "kubernetes_service_account_v1" "billing" {
  metadata {
    name      = "billing-worker"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.billing_irsa.arn
    }
  }
}

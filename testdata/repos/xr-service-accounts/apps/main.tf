# The role comes from a local module, wired correctly: the trust this call's instance builds
# admits the ServiceAccount, so this is silent.
module "reports_irsa" {
  source  = "../modules/irsa"
  subject = "system:serviceaccount:apps:reports-worker"
}

resource "kubernetes_service_account_v1" "reports" {
  metadata {
    name      = "reports-worker"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = module.reports_irsa.role_arn
    }
  }
}

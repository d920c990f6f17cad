# Which release `var.version_constraint` installs is not known, so neither is whether the
# association disables session tags.
module "app_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = ">= 1.0, < 3.0"

  name = "app"
  trust_policy_conditions = [{
    test     = "StringEquals"
    variable = "aws:RequestTag/kubernetes-service-account"
    values   = ["api"]
  }]

  associations = {
    api = {
      cluster_name         = "main"
      namespace            = "payments"
      service_account      = "api"
      disable_session_tags = true
    }
  }
}

module "app_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "~> 2.0"

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

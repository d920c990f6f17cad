module "app_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "2.8.1"

  name = "app"
  trust_policy_conditions = [{
    test     = "StringEquals"
    variable = "aws:RequestTag/kubernetes-namespace"
    values   = ["payments"]
  }]

  association_defaults = {
    cluster_name = "main"
    namespace    = "billing"
  }
  associations = {
    api = {
      namespace       = "payments"
      service_account = "api"
    }
  }
}

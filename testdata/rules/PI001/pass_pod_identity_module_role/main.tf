# The pod-identity module's role trusts pods.eks.amazonaws.com with both actions.
module "app_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "~> 2.0"

  name = "app"
  trust_policy_conditions = [{
    test     = "StringEquals"
    variable = "aws:RequestTag/kubernetes-namespace"
    values   = ["app"]
  }]
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "main"
  namespace       = "app"
  service_account = "app"
  role_arn        = module.app_pod_identity.iam_role_arn
}

module "app_pod_identity" {
  source  = "terraform-aws-modules/eks-pod-identity/aws"
  version = "2.8.1"

  name = "app"
  trust_policy_conditions = [{
    test     = "StringEquals"
    variable = "aws:RequestTag/kubernetes-namespace"
    values   = ["app"]
  }]
  trust_policy_statements = [{
    actions = ["sts:AssumeRole", "sts:TagSession"]
    principals = [{
      type        = "Service"
      identifiers = ["pods.eks.amazonaws.com"]
    }]
    condition = [{
      test     = "StringEquals"
      variable = "aws:RequestTag/kubernetes-namespace"
      values   = ["batch"]
    }]
  }]
}

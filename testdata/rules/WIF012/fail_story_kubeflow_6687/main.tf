# kubeflow#6687: the profile controller added one service account per profile to a single
# role, until IAM refused it with "LimitExceeded: Cannot exceed quota for ACLSizePerRole: 2048".
module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

locals {
  profiles = [
    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
    "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "xavier",
    "yvonne", "zoe", "team-ml", "team-data", "team-vision", "team-nlp", "team-recsys", "team-ads",
    "team-search", "team-fraud", "team-risk", "team-infra", "team-growth", "team-payments",
    "team-support", "team-legal", "team-finance", "team-security", "team-mobile", "team-web",
  ]
}

data "aws_iam_policy_document" "profiles" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:sub"
      values   = [for p in local.profiles : "system:serviceaccount:${p}:default-editor"]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "kubeflow_profiles" {
  name               = "kubeflow-profiles"
  assume_role_policy = data.aws_iam_policy_document.profiles.json
}

# A large trust document handed to a module is not attached to a role here: the module may
# split it, so the size rule waits for the role.
module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

locals {
  tenants = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "cyberdyne",
  "aperture", "soylent", "oscorp", "vandelay", "prestige", "massive", "gringotts", "monarch", "dunder", "pied-piper",
  "nakatomi", "weyland", "zorg", "duff", "krusty", "sirius", "virtucon", "blue-sun", "ollivander", "bluth",
  "cogswell", "spacely", "gekko", "rekall", "yoyodyne", "omni", "ingen", "compu-global", "planet-express", "los-pollos"]
}

data "aws_iam_policy_document" "tenants" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:sub"
      values   = [for t in local.tenants : "system:serviceaccount:tenant-${t}:workload"]
    }
    condition {
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

module "tenant_role" {
  source      = "./modules/tenant-role"
  trust_policy = data.aws_iam_policy_document.tenants.json
}

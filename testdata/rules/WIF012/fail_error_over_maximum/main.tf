module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

locals {
  namespaces = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
  "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]
  accounts = ["api", "worker", "cron", "migrate", "metrics", "backup", "cache", "search", "mailer", "exporter",
  "scheduler", "notifier"]
}

# 240 service accounts in one trust: more than even a raised quota (8192) allows.
resource "aws_iam_role" "shared" {
  name = "shared"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.eks.oidc_provider}:sub" = flatten([
            for ns in local.namespaces : [for sa in local.accounts : "system:serviceaccount:${ns}:${sa}"]
          ])
          "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

module "api_role" {
  source = "../modules/api-role"
}

module "reports_role" {
  source = "../modules/reports-role"
}

module "worker_role" {
  source = "../modules/worker-role"
}

resource "aws_eks_pod_identity_association" "api" {
  cluster_name    = "prod"
  namespace       = "payments"
  service_account = "api"
  role_arn        = module.api_role.arn
}

resource "aws_eks_pod_identity_association" "reports" {
  cluster_name    = "prod"
  namespace       = "reports"
  service_account = "exporter"
  role_arn        = module.reports_role.arn
}

resource "aws_eks_pod_identity_association" "worker" {
  cluster_name         = "prod"
  namespace            = "jobs"
  service_account      = "worker"
  role_arn             = module.worker_role.arn
  disable_session_tags = true
}

# The first hop: a role of this module; the second: a role of the data account.
resource "aws_iam_role" "exporter" {
  name = "exporter"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "analytics" } }
    }]
  })
}

resource "aws_eks_pod_identity_association" "exporter" {
  cluster_name    = "prod"
  namespace       = "analytics"
  service_account = "exporter"
  role_arn        = aws_iam_role.exporter.arn
  target_role_arn = "arn:aws:iam::444455556666:role/data-reader"
}

resource "aws_eks_pod_identity_association" "ledger" {
  cluster_name    = "prod"
  namespace       = "analytics"
  service_account = "ledger-exporter"
  role_arn        = aws_iam_role.exporter.arn
  target_role_arn = "arn:aws:iam::444455556666:role/ledger-reader"
}

# A role of this module: the module-level check reports it (once), with its fix.
resource "aws_iam_role" "audit" {
  name = "audit"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
      Condition = { StringEquals = { "aws:RequestTag/kubernetes-namespace" = "audit" } }
    }]
  })
}

resource "aws_eks_pod_identity_association" "audit" {
  cluster_name    = "prod"
  namespace       = "audit"
  service_account = "auditor"
  role_arn        = aws_iam_role.audit.arn
}

# Two calls of one role module: each association is checked against its own call's trust.
# `search` passes both actions (silent); `billing` leaves out sts:TagSession (PI001 at its
# argument).
module "search_role" {
  source  = "../modules/team-role"
  team    = "search"
  actions = ["sts:AssumeRole", "sts:TagSession"]
}

module "billing_role" {
  source  = "../modules/team-role"
  team    = "billing"
  actions = ["sts:AssumeRole"]
}

resource "aws_eks_pod_identity_association" "search" {
  cluster_name    = "prod"
  namespace       = "search"
  service_account = "indexer"
  role_arn        = module.search_role.arn
}

resource "aws_eks_pod_identity_association" "billing" {
  cluster_name    = "prod"
  namespace       = "billing"
  service_account = "invoicer"
  role_arn        = module.billing_role.arn
}

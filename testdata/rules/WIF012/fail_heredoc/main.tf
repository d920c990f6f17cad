module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

resource "aws_iam_role" "jobs" {
  name               = "batch-jobs"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": {
        "${module.eks.oidc_provider}:aud": "sts.amazonaws.com",
        "${module.eks.oidc_provider}:sub": [
          "system:serviceaccount:batch:nightly-report", "system:serviceaccount:batch:hourly-rollup",
          "system:serviceaccount:batch:invoice-export", "system:serviceaccount:batch:ledger-close",
          "system:serviceaccount:batch:audit-archive", "system:serviceaccount:batch:search-reindex",
          "system:serviceaccount:batch:thumbnailer", "system:serviceaccount:batch:geo-import",
          "system:serviceaccount:batch:churn-model", "system:serviceaccount:batch:fraud-scoring",
          "system:serviceaccount:batch:email-digest", "system:serviceaccount:batch:sms-digest",
          "system:serviceaccount:batch:price-feed", "system:serviceaccount:batch:fx-rates",
          "system:serviceaccount:batch:data-retention", "system:serviceaccount:batch:gdpr-erasure",
          "system:serviceaccount:batch:cost-report", "system:serviceaccount:batch:usage-report",
          "system:serviceaccount:batch:backfill-orders", "system:serviceaccount:batch:backfill-users",
          "system:serviceaccount:batch:dedupe-contacts", "system:serviceaccount:batch:sitemap",
          "system:serviceaccount:batch:feed-export", "system:serviceaccount:batch:catalog-sync",
          "system:serviceaccount:batch:stock-sync", "system:serviceaccount:batch:crm-sync",
          "system:serviceaccount:batch:warehouse-load", "system:serviceaccount:batch:model-train",
          "system:serviceaccount:batch:model-eval", "system:serviceaccount:batch:model-publish",
          "system:serviceaccount:batch:log-compaction", "system:serviceaccount:batch:metrics-rollup",
          "system:serviceaccount:batch:snapshot-prune", "system:serviceaccount:batch:cert-rotate",
          "system:serviceaccount:batch:key-rotate", "system:serviceaccount:batch:db-vacuum",
          "system:serviceaccount:batch:cache-warm", "system:serviceaccount:batch:link-check",
          "system:serviceaccount:batch:image-scan", "system:serviceaccount:batch:license-audit"
        ]
      }
    }
  }]
}
EOF
}

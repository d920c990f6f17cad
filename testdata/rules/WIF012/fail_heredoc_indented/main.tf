resource "aws_iam_role" "ci" {
  name               = "github-ci"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
          "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          "StringLike": {
            "token.actions.githubusercontent.com:sub": [
              "repo:example-org/api:ref:refs/heads/main", "repo:example-org/web:ref:refs/heads/main",
              "repo:example-org/billing:ref:refs/heads/main", "repo:example-org/search:ref:refs/heads/main",
              "repo:example-org/mobile-backend:ref:refs/heads/main", "repo:example-org/admin:ref:refs/heads/main",
              "repo:example-org/notifications:ref:refs/heads/main", "repo:example-org/reports:ref:refs/heads/main",
              "repo:example-org/payments:ref:refs/heads/main", "repo:example-org/ledger:ref:refs/heads/main",
              "repo:example-org/identity:ref:refs/heads/main", "repo:example-org/catalog:ref:refs/heads/main",
              "repo:example-org/inventory:ref:refs/heads/main", "repo:example-org/shipping:ref:refs/heads/main",
              "repo:example-org/pricing:ref:refs/heads/main", "repo:example-org/recommendations:ref:refs/heads/main",
              "repo:example-org/analytics:ref:refs/heads/main", "repo:example-org/data-platform:ref:refs/heads/main",
              "repo:example-org/ml-platform:ref:refs/heads/main", "repo:example-org/infra:ref:refs/heads/main",
              "repo:example-org/docs:ref:refs/heads/main", "repo:example-org/design-system:ref:refs/heads/main",
              "repo:example-org/gateway:ref:refs/heads/main", "repo:example-org/auth:ref:refs/heads/main",
              "repo:example-org/cms:ref:refs/heads/main", "repo:example-org/chat:ref:refs/heads/main",
              "repo:example-org/search-indexer:ref:refs/heads/main", "repo:example-org/email:ref:refs/heads/main",
              "repo:example-org/status-page:ref:refs/heads/main", "repo:example-org/feature-flags:ref:refs/heads/main",
              "repo:example-org/audit:ref:refs/heads/main", "repo:example-org/exports:ref:refs/heads/main",
              "repo:example-org/imports:ref:refs/heads/main", "repo:example-org/scheduler:ref:refs/heads/main",
              "repo:example-org/tracing:ref:refs/heads/main", "repo:example-org/alerts:ref:refs/heads/main",
              "repo:example-org/sandbox:ref:refs/heads/main", "repo:example-org/playground:ref:refs/heads/main"
            ]
          }
        }
      }]
    }
  EOF
}

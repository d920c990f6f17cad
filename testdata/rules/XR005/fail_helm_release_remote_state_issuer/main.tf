# The cluster lives in another stack: its issuer comes from remote state and is not known
# here. The role still trusts system:serviceaccount:*:* of whatever cluster that is.
data "terraform_remote_state" "cluster" {
  backend = "s3"
  config = {
    bucket = "example-state"
    key    = "eks/terraform.tfstate"
    region = "eu-central-1"
  }
}

module "log_shipper" {
  source  = "cloudposse/helm-release/aws"
  version = "0.10.1"

  chart                       = "fluent-bit"
  repository                  = "https://fluent.github.io/helm-charts"
  iam_role_enabled            = true
  eks_cluster_oidc_issuer_url = data.terraform_remote_state.cluster.outputs.oidc_issuer_url
}

variable "issuer" {
  type = string
}

data "terraform_remote_state" "platform" {
  backend = "s3"
  config = {
    bucket = "acme-state"
    key    = "platform.tfstate"
    region = "eu-west-1"
  }
}

module "app" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = "~> 5.0"

  create_role                    = true
  role_name                      = "app"
  provider_url                   = replace(var.issuer, "https://", "")
  oidc_fully_qualified_subjects  = ["system:serviceaccount:apps:app"]
  oidc_fully_qualified_audiences = ["sts.amazonaws.com"]
}

module "worker" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
  version = "~> 5.0"

  create_role                    = true
  role_name                      = "worker"
  provider_url                   = data.terraform_remote_state.platform.outputs.oidc_provider
  oidc_fully_qualified_subjects  = ["system:serviceaccount:apps:worker"]
  oidc_fully_qualified_audiences = ["sts.amazonaws.com"]
}

variable "issuer" {
  type = string
}

variable "namespace" {
  type = string
}

variable "service_account" {
  type = string
}

data "aws_caller_identity" "current" {}

module "policy" {
  source          = "./modules/policy"
  account_id      = data.aws_caller_identity.current.account_id
  issuer          = var.issuer
  subject         = "system:serviceaccount:${var.namespace}:${var.service_account}"
}

resource "aws_iam_role" "this" {
  name               = "irsa-${var.service_account}"
  assume_role_policy = module.policy.json
}

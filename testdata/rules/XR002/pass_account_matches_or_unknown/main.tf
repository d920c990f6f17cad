provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

provider "aws" {
  alias               = "staging"
  region              = "eu-west-1"
  allowed_account_ids = ["444455556666"]
}

variable "account_ids" {
  type    = list(string)
  default = ["777788889999"]
}

# A variable's default is overridden per environment: no evidence of the account.
provider "aws" {
  alias               = "tooling"
  region              = "eu-west-1"
  allowed_account_ids = var.account_ids
}

# The same name in two accounts: the annotation's account says which role it is.
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = "{}"
}

resource "aws_iam_role" "app_staging" {
  provider           = aws.staging
  name               = "app"
  assume_role_policy = "{}"
}

resource "kubernetes_service_account_v1" "app" {
  metadata {
    name      = "app"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::444455556666:role/app"
    }
  }
}

resource "aws_iam_role" "tools" {
  provider           = aws.tooling
  name               = "tools"
  assume_role_policy = "{}"
}

resource "kubernetes_service_account_v1" "tools" {
  metadata {
    name      = "tools"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/tools"
    }
  }
}

data "aws_caller_identity" "current" {}

resource "aws_iam_role" "reports" {
  name               = "reports"
  assume_role_policy = "{}"
}

# The account is only known at apply.
resource "kubernetes_service_account_v1" "reports" {
  metadata {
    name      = "reports"
    namespace = "apps"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/reports"
    }
  }
}

provider "aws" {
  region = "cn-north-1"
}

data "aws_partition" "current" {}

resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = file("${path.module}/trust.json")
}

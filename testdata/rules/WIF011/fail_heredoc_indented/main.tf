variable "region" {
  default = "cn-north-1"
}

provider "aws" {
  region = var.region
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::111122223333:role/ci-runner" },
        "Action": "sts:AssumeRole"
      }]
    }
  EOF
}

variable "audience" {
  type    = string
  default = "aws.workload.identity"
}

variable "workspace" {
  type = string
}

resource "aws_iam_role" "tfc" {
  name = "tfc-${var.workspace}"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
          "StringEquals": { "app.terraform.io:aud": "${var.audience}" },
          "StringLike": {
            "app.terraform.io:sub": "organization:example:project:infra:workspace:${var.workspace}:run_phase:*"
          }
        }
      }]
    }
  EOF
}

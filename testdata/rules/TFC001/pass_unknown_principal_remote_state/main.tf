data "terraform_remote_state" "identity" {
  backend = "s3"
  config  = { bucket = "state", key = "identity.tfstate", region = "eu-west-1" }
}

resource "aws_iam_role" "tfc" {
  name               = "tfc-workspace"
  assume_role_policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "${data.terraform_remote_state.identity.outputs.tfc_provider_arn}" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
      "StringLike": { "app.terraform.io:sub": "organization:example:project:infra:workspace:prod:run_phase:*" }
    }
  }]
}
EOT
}

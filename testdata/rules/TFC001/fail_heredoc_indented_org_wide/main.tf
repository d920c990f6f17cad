resource "aws_iam_openid_connect_provider" "tfc" {
  url            = "https://app.terraform.io"
  client_id_list = ["aws.workload.identity"]
}

resource "aws_iam_role" "tfc" {
  name               = "tfc-workspace"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "${aws_iam_openid_connect_provider.tfc.arn}" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {
          "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
          "StringLike": { "app.terraform.io:sub": "organization:example:*" }
        }
      }]
    }
  EOF
}

resource "aws_iam_openid_connect_provider" "tfc" {
  url            = "https://app.terraform.io"
  client_id_list = ["tfc.example.internal"]
}

resource "aws_iam_role" "tfc" {
  name = "tfc-workspace"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "app.terraform.io:aud" = "tfc.example.internal" }
        StringLike   = { "app.terraform.io:sub" = "organization:example:project:infra:workspace:*:run_phase:*" }
      }
    }]
  })
}

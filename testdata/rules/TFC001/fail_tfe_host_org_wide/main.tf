resource "aws_iam_openid_connect_provider" "tfe" {
  url            = "https://tfe.example.com"
  client_id_list = ["aws.workload.identity"]
}

resource "aws_iam_role" "tfe" {
  name = "tfe-workspace"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.tfe.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "tfe.example.com:aud" = "aws.workload.identity" }
        StringLike   = { "tfe.example.com:sub" = "organization:example:project:*:workspace:*:run_phase:*" }
      }
    }]
  })
}

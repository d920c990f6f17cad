# The GitHub client ID copied to the HCP Terraform provider; TFC requests aws.workload.identity.
resource "aws_iam_openid_connect_provider" "tfc" {
  url            = "https://app.terraform.io"
  client_id_list = ["sts.amazonaws.com", "aws.workload.identity"]
}

resource "aws_iam_role" "tfc" {
  name               = "tfc-workspace"
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"${aws_iam_openid_connect_provider.tfc.arn}\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringLike\": {\"app.terraform.io:sub\": \"organization:acme:project:infra:workspace:prod:run_phase:*\"}}}]}"
}

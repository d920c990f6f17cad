resource "aws_iam_openid_connect_provider" "tfe" {
  url            = "https://tfe.example.com"
  client_id_list = ["aws.workload.identity"]
  thumbprint_list = [
    "9e99a48a9960b14926bb7f3b02e22da2b0ab7280",
    "9e99a48a9960b14926bb7f3b02e22da2b0ab728",
  ]
}

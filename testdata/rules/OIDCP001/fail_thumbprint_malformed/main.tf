resource "aws_iam_openid_connect_provider" "tfe" {
  url            = "https://tfe.example.com"
  client_id_list = ["aws.workload.identity"]
  thumbprint_list = [
    "9E:99:A4:8A:99:60:B1:49:26:BB:7F:3B:02:E2:2D:A2:B0:AB:72:80",
    "9e99a48a9960b14926bb7f3b02e22da2b0ab728",
  ]
}

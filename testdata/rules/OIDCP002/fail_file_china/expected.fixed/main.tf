resource "aws_iam_openid_connect_provider" "eks" {
  url            = "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/343564DC72A8B2C84507EB2D39FCD88D"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "ebs_csi" {
  name               = "ebs-csi"
  assume_role_policy = file("${path.module}/trust.json")
}

# The provider registers one cluster of eu-west-1; the trust names another cluster ID there.
resource "aws_iam_openid_connect_provider" "eks" {
  url            = "https://oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "cluster_autoscaler" {
  name               = "cluster-autoscaler"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/9A8B7C6D5E4F30211F2E3D4C5B6A7988" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": { "StringEquals": {
      "oidc.eks.eu-west-1.amazonaws.com/id/9A8B7C6D5E4F30211F2E3D4C5B6A7988:sub": "system:serviceaccount:kube-system:cluster-autoscaler",
      "oidc.eks.eu-west-1.amazonaws.com/id/9A8B7C6D5E4F30211F2E3D4C5B6A7988:aud": "sts.amazonaws.com"
    } }
  }]
}
EOF
}

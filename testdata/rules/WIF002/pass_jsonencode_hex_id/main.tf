# A real cluster ID: 32 upper-case hexadecimal characters.
resource "aws_iam_role" "ebs_csi" {
  name = "ebs-csi-controller"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/5E2B1D3F6A7C44E09B8D1A2C3F4E5D6B" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.us-west-2.amazonaws.com/id/5E2B1D3F6A7C44E09B8D1A2C3F4E5D6B:sub" = "system:serviceaccount:kube-system:ebs-csi-controller-sa"
          "oidc.eks.us-west-2.amazonaws.com/id/5E2B1D3F6A7C44E09B8D1A2C3F4E5D6B:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

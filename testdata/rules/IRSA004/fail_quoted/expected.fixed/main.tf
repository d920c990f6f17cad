resource "aws_iam_role" "cert_manager" {
  name               = "cert-manager"
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-2.amazonaws.com/id/9A8B7C6D5E4F30211F2E3D4C5B6A7988\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringEquals\": {\"oidc.eks.us-east-2.amazonaws.com/id/9A8B7C6D5E4F30211F2E3D4C5B6A7988:sub\": \"system:serviceaccount:cert-manager:cert-manager\", \"oidc.eks.us-east-2.amazonaws.com/id/9A8B7C6D5E4F30211F2E3D4C5B6A7988:aud\": \"sts.amazonaws.com\"}}}]}"
}

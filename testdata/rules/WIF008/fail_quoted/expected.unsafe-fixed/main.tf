resource "aws_iam_role" "mixed" {
  name               = "mixed"
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": [\"arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D\", \"cognito-identity.amazonaws.com\"]}, \"Action\": \"sts:AssumeRoleWithWebIdentity\"}, {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringNotLike\": {\"oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub\": \"system:serviceaccount:apps:*\"}, \"Null\": {\"oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D:sub\": \"false\"}}}]}"
}

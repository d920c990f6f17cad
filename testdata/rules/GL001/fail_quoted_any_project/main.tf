resource "aws_iam_role" "ci" {
  name               = "gitlab-ci"
  assume_role_policy = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::111122223333:oidc-provider/gitlab.com\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringEquals\": {\"gitlab.com:aud\": \"https://gitlab.com\"}, \"StringLike\": {\"gitlab.com:sub\": \"project_path:*\"}}}]}"
}

resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = "{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Service\": \"pods.eks.amazonaws.com\"}, \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"], \"Condition\": {\"ArnEquals\": {\"aws:SourceArn\": \"arn:aws:eks:eu-west-1:111122223333:cluster/prod\"}}}]}"
}

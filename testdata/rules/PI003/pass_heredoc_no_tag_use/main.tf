resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = <<EOF
{
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "pods.eks.amazonaws.com"},
    "Action": ["sts:AssumeRole", "sts:TagSession"],
    "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:eks:eu-west-1:111122223333:cluster/prod"}}
  }]
}
EOF
}

resource "aws_iam_role_policy" "tagged" {
  role   = "some-other-role"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:*", Resource = "arn:aws:s3:::b/$${aws:PrincipalTag/kubernetes-namespace}/*" }] })
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name         = "prod"
  namespace            = "payments"
  service_account      = "api"
  role_arn             = aws_iam_role.app.arn
  disable_session_tags = true
}

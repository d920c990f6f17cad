resource "aws_iam_role" "app" {
  name               = "karpenter"
  assume_role_policy = <<EOF
{
  "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
     "Action": ["sts:AssumeRole", "sts:TagSession"],
     "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "karpenter"}}},
    {"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
     "Action": ["sts:AssumeRole", "sts:TagSession"],
     "Condition": {"StringEquals": {"aws:RequestTag/kubernetes-namespace": "kube-system"}}}
  ]
}
EOF
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "kube-system"
  service_account = "karpenter"
  role_arn        = aws_iam_role.app.arn
}

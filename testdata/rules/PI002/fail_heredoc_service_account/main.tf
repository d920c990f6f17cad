resource "aws_iam_role" "app" {
  name               = "karpenter"
  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "pods.eks.amazonaws.com"},
    "Action": ["sts:AssumeRole", "sts:TagSession"],
    "Condition": {"StringEquals": {
      "aws:RequestTag/kubernetes-namespace": "kube-system",
      "aws:RequestTag/kubernetes-service-account": ["karpenter-controller", "karpenter-webhook"]
    }}
  }]
}
EOF
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = "prod"
  namespace       = "kube-system"
  service_account = "karpenter"
  role_arn        = aws_iam_role.app.arn
}

variable "cluster_name" {
  default = "prod"
}

resource "aws_iam_role" "app" {
  name               = "payments-api"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession"],
        "Condition": {"StringEquals": {"aws:RequestTag/eks-cluster-name": "${var.cluster_name}"}}
      }]
    }
  EOF
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name    = var.cluster_name
  namespace       = "payments"
  service_account = "api"
  role_arn        = aws_iam_role.app.arn
}

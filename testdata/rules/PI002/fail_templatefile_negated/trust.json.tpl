{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"Service": "pods.eks.amazonaws.com"},
    "Action": ["sts:AssumeRole", "sts:TagSession"],
    "Condition": {"StringNotEquals": {"aws:RequestTag/kubernetes-namespace": ${jsonencode(excluded)}}}
  }]
}

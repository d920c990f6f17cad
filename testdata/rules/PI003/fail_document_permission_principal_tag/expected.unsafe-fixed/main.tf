resource "aws_iam_role" "app" {
  name = "payments-api"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = { StringEquals = { "aws:SourceAccount" = "111122223333" } }
    }]
  })
}

data "aws_iam_policy_document" "bucket" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::tenant-data/$${aws:PrincipalTag/kubernetes-namespace}/*"]
  }
}

resource "aws_iam_policy" "bucket" {
  name   = "tenant-data"
  policy = data.aws_iam_policy_document.bucket.json
}

resource "aws_iam_role_policy_attachment" "bucket" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.bucket.arn
}

resource "aws_eks_pod_identity_association" "app" {
  cluster_name         = "prod"
  namespace            = "payments"
  service_account      = "api"
  role_arn             = aws_iam_role.app.arn
  disable_session_tags = false
}

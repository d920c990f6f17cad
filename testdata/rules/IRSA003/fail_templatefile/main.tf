# AWS provider v6: the cluster's own `region` argument.
resource "aws_eks_cluster" "main" {
  name     = "main"
  region   = "us-east-2"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d"]
  }
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    oidc_host = "oidc.eks.us-east-1.amazonaws.com/id/B1A2C3D4E5F60718293A4B5C6D7E8F90"
    namespace = "velero"
  })
}

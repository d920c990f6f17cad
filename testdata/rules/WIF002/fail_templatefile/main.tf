data "aws_partition" "current" {}

resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
}

resource "aws_iam_role" "velero" {
  name = "velero"
  assume_role_policy = templatefile("${path.module}/trust.json.tpl", {
    partition  = data.aws_partition.current.partition
    account_id = "111122223333"
    issuer     = aws_eks_cluster.main.identity[0].oidc[0].issuer
    oidc_host  = replace(aws_eks_cluster.main.identity[0].oidc[0].issuer, "https://", "")
  })
}

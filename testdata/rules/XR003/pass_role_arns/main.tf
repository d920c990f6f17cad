data "aws_caller_identity" "current" {}

resource "kubernetes_service_account_v1" "literal" {
  metadata {
    name      = "literal"
    namespace = "app"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::111122223333:role/eks/literal"
    }
  }
}

# Built from parts not known here: silent.
resource "kubernetes_service_account_v1" "built" {
  metadata {
    name      = "built"
    namespace = "app"
    annotations = {
      "eks.amazonaws.com/role-arn" = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/built"
    }
  }
}

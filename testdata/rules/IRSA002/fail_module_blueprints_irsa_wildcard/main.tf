module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# With policies to attach, modules/irsa creates the role; its StringLike subject admits every
# service account.
module "irsa" {
  source = "github.com/aws-ia/terraform-aws-eks-blueprints//modules/irsa?ref=v4.32.1"

  eks_oidc_provider_arn      = module.eks.oidc_provider_arn
  kubernetes_namespace       = "*"
  kubernetes_service_account = "*"
  irsa_iam_policies          = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
}

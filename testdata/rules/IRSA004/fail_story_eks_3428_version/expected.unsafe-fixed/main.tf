# terraform-aws-eks 21.0.0 registered the IAM OIDC provider with the dual-stack issuer
# (terraform-aws-eks#3428); 21.0.1 reverted it.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.0.1"

  name               = "platform"
  kubernetes_version = "1.33"
}

module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.0"

  name = "ebs-csi"
  oidc_providers = {
    main = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:ebs-csi-controller-sa"]
    }
  }
}

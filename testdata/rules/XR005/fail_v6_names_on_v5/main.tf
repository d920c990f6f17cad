module "ebs_csi_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts-eks"
  version = "~> 5.0"

  name = "ebs-csi"
  trust_condition_test = "StringLike"

  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
      namespace_service_accounts = ["kube-system:ebs-csi-*"]
    }
  }
}

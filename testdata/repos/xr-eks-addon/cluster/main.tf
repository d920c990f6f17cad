# A cluster (terraform-aws-eks v21: `addons`) whose add-ons use the roles of ../iam.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "main"
  kubernetes_version = "1.33"

  addons = {
    vpc-cni = {
      before_compute           = true
      service_account_role_arn = module.addon_roles.vpc_cni_role_arn
    }
  }
}

module "addon_roles" {
  source = "../iam"

  oidc_provider_arn = module.eks.oidc_provider_arn
}

# The role's ARN written out: it names the role `ebs-csi` that ../iam creates.
resource "aws_eks_addon" "ebs_csi" {
  cluster_name             = module.eks.cluster_name
  addon_name               = "aws-ebs-csi-driver"
  service_account_role_arn = "arn:aws:iam::111122223333:role/ebs-csi"
}

module "eks" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v21.0.1"

  name        = "platform"
  enable_irsa = true
}

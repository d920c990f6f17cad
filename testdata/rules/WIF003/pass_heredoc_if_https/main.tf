module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

locals {
  # Older clusters were set up with the issuer URL in the key.
  legacy_key = false
}

resource "aws_iam_role" "dns" {
  name               = "external-dns"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": { "StringEquals": {
          "%{ if local.legacy_key }https://%{ endif }${module.eks.oidc_provider}:sub": "system:serviceaccount:kube-system:external-dns",
          "${module.eks.oidc_provider}:aud": "sts.amazonaws.com"
        } }
      }]
    }
  EOF
}

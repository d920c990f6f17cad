module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

variable "service_accounts" {
  type = list(string)
}

resource "aws_iam_role" "shared" {
  name               = "shared"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": { "StringEquals": {
          "${module.eks.oidc_provider}:sub": [%{ for i, sa in var.service_accounts }${i > 0 ? "," : ""}"system:serviceaccount:apps:${sa}"%{ endfor }],
          "${module.eks.oidc_provider}:aud": "sts.amazonaws.com"
        } }
      }]
    }
  EOF
}

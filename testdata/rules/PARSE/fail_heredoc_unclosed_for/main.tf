module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

variable "subjects" {
  type = list(string)
}

resource "aws_iam_role" "web" {
  name               = "web"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": { "StringEquals": {
          "${module.eks.oidc_provider}:aud": "sts.amazonaws.com",
          "${module.eks.oidc_provider}:sub": [%{ for i, s in var.subjects }%{ if i > 0 },%{ endif }"${s}"]
        } }
      }]
    }
  EOF
}

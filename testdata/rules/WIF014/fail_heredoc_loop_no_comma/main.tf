module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# One statement per namespace, but the loop writes no comma between them: `}{`.
locals {
  namespaces = ["apps", "jobs"]
}

resource "aws_iam_role" "apps" {
  name               = "apps"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        %{~ for ns in local.namespaces ~}
        {
          "Effect": "Allow",
          "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": { "StringEquals": {
            "${module.eks.oidc_provider}:sub": "system:serviceaccount:${ns}:app",
            "${module.eks.oidc_provider}:aud": "sts.amazonaws.com"
          } }
        }
        %{~ endfor ~}
      ]
    }
  EOF
}

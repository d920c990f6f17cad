module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# The namespaces are not known: nothing is said about what the loop renders.
variable "namespaces" {
  type = list(string)
}

resource "aws_iam_role" "apps" {
  name               = "apps"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        %{~ for ns in var.namespaces ~}
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

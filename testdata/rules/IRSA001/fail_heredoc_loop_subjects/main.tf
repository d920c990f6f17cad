# One subject per namespace, each with the `serviceacount` typo.
module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

locals {
  namespaces = ["payments", "ledger"]
}

resource "aws_iam_role" "billing" {
  name               = "billing"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": { "StringEquals": {
          "${module.eks.oidc_provider}:aud": "sts.amazonaws.com",
          "${module.eks.oidc_provider}:sub": [
            %{~ for i, ns in local.namespaces ~}
            %{~ if i > 0 },%{ endif ~}
            "system:serviceacount:${ns}:billing"
            %{~ endfor ~}
          ]
        } }
      }]
    }
  EOF
}

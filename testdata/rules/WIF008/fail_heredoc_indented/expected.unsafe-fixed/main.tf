module "eks" {
  source = "terraform-aws-modules/eks/aws"
}

# Only one issuer is trusted today, but the Deny applies to every principal: the next issuer
# added to this role will be denied as well.
resource "aws_iam_role" "api" {
  name               = "api"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": { "Federated": "${module.eks.oidc_provider_arn}" },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": { "StringEquals": { "${module.eks.oidc_provider}:aud": "sts.amazonaws.com" } }
        },
        {
          "Effect": "Deny",
          "Principal": { "AWS": "*" },
          "Action": "sts:AssumeRoleWithWebIdentity",
          "Condition": {
            "StringNotEquals": { "${module.eks.oidc_provider}:sub": "system:serviceaccount:apps:api" },
            "Null": { "${module.eks.oidc_provider}:sub": "false" }
          }
        }
      ]
    }
  EOF
}

module "cluster" {
  source = "../modules/cluster"
  name   = "main"
}

# Built from the cluster module's outputs: correct, silent.
resource "aws_iam_role" "dns" {
  name = "external-dns"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.cluster.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.cluster.oidc_provider}:sub" = "system:serviceaccount:kube-system:external-dns"
          "${module.cluster.oidc_provider}:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}

# The issuer URL output still has its scheme.
resource "aws_iam_role" "autoscaler" {
  name = "cluster-autoscaler"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = module.cluster.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${module.cluster.issuer_url}:sub" = "system:serviceaccount:kube-system:cluster-autoscaler"
        }
      }
    }]
  })
}

# Shared by every unit: the cluster's issuer, written with its scheme.
inputs = {
  oidc_host    = replace("https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF", "https://", "")
  provider_arn = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
}

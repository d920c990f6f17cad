# Terraform loads this file first.
cluster_issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/343564DC72A8B2C84507EB2D39FCD88D"
subject        = "system:serviceaccount:app:app"
not_declared   = "Terraform warns and ignores it"

variable "cluster_oidc_issuer_url" {
  description = "The platform cluster's issuer URL (https://oidc.eks...)."
  type        = string
}

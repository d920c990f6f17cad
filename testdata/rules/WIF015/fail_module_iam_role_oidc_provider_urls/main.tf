# terraform-aws-iam v6 `iam-role` with no subject and no audience input emits no condition.
module "jenkins_role" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role"
  version = "~> 6.0"

  name               = "jenkins-deploy"
  enable_oidc        = true
  oidc_provider_urls = ["https://jenkins.example.com/oidc"]
  oidc_account_id    = "111122223333"
}

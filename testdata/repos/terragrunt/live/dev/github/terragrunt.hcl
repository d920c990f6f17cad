terraform {
  source = "../../../modules//github-role"
}

inputs = {
  subjects = ["repo:example-org/infra"]
}

# Overrides terraform.tfvars; b.auto.tfvars.json overrides this in turn.
subject = "system:serviceaccount:app"

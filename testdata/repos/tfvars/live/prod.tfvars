# Read only when given with --var-file.
subject = "system:serviceaccount:prod"

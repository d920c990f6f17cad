# A reference is refused in a variable file: the value stays unknown (no finding from the
# default it replaces).
subject = "system:serviceaccount:${var.namespace}:app"

locals {
  blocks = "are refused too"
}

variable "effect" {
  type = string
}

variable "actions" {
  type = list(string)
}

variable "principals" {
  type = map(list(string))
}

resource "aws_iam_role" "generic" {
  name = "generic"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = var.effect
      Principal = var.principals
      Action    = var.actions
    }]
  })
}

# The data account: a role that pods of the cluster account reach through a
# Pod Identity target_role_arn hop.
resource "aws_iam_role" "data_reader" {
  name = "data-reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/exporter" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

resource "aws_iam_role" "ledger_reader" {
  name = "ledger-reader"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/exporter" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
    }]
  })
}

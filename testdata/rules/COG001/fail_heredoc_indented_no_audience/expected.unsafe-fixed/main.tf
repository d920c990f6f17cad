resource "aws_cognito_identity_pool" "main" {
  identity_pool_name               = "app"
  allow_unauthenticated_identities = true
}

resource "aws_iam_role" "guest" {
  name               = "app-guest"
  assume_role_policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Principal": { "Federated": "cognito-identity.amazonaws.com" },
        "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
        "Condition": {
          "StringEquals": { "cognito-identity.amazonaws.com:aud": "${aws_cognito_identity_pool.main.id}" },
          "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "${"unauthenticated"}" }
        }
      }]
    }
  EOF
}

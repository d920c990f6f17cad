resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
  tags = {
    Team = "platform"
}

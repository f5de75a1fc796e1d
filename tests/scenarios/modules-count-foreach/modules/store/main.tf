variable "name" { type = string }

resource "aws_s3_bucket" "this" {
  bucket = "dw-${var.name}"
  tags   = { store = var.name }
}

resource "aws_sqs_queue" "this" {
  name                       = "${var.name}-q"
  visibility_timeout_seconds = 30
}

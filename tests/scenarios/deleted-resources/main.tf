variable "endpoint" { type = string }

terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true
  endpoints {
    s3       = var.endpoint
    ec2      = var.endpoint
    iam      = var.endpoint
    sts      = var.endpoint
    sqs      = var.endpoint
    dynamodb = var.endpoint
    kms      = var.endpoint
    sns      = var.endpoint
  }
  default_tags {
    tags = { team = "platform" }
  }
}

resource "aws_s3_bucket" "keep" {
  bucket = "dw-keep"
}

resource "aws_s3_bucket" "gone" {
  bucket = "dw-gone"
}

resource "aws_sqs_queue" "keep" {
  name = "keep"
}

resource "aws_sqs_queue" "gone" {
  name = "gone"
}

resource "aws_vpc" "main" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_security_group" "keep" {
  name   = "keep"
  vpc_id = aws_vpc.main.id
}

resource "aws_security_group" "gone" {
  name   = "gone"
  vpc_id = aws_vpc.main.id
}

resource "aws_dynamodb_table" "keep" {
  name         = "keep"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_dynamodb_table" "gone" {
  name         = "gone"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}

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

resource "aws_vpc" "main" {
  cidr_block = "10.3.0.0/16"
}

resource "aws_security_group" "db" {
  name        = "db"
  description = "database access"
  vpc_id      = aws_vpc.main.id
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.3.0.0/16"]
  }
}

resource "aws_s3_bucket" "assets" {
  bucket = "dw-assets"
}

resource "aws_sqs_queue" "work" {
  name                       = "work"
  visibility_timeout_seconds = 60
}

resource "aws_iam_role" "svc" {
  name = "svc"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

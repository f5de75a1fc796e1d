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

module "store" {
  for_each = toset(["alpha", "beta"])
  source   = "./modules/store"
  name     = each.key
}

resource "aws_vpc" "main" {
  cidr_block = "10.2.0.0/16"
  tags       = { Name = "apps" }
}

resource "aws_subnet" "app" {
  count      = 3
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  tags       = { tier = "app-${count.index}" }
}

module "sg" {
  count  = 2
  source = "./modules/sg"
  name   = "svc-${count.index}"
  vpc_id = aws_vpc.main.id
}

#!/usr/bin/env python3
"""Writes AWS Config outputs produced by moto (the AWS API emulator) for the
inventory importer tests: the JSON bodies of get-resource-config-history and
batch-get-resource-config for two S3 buckets and an IAM role, as boto3
returns them. Regenerate with: python3 gen_aws_config.py (needs moto, boto3).
"""
import json

import boto3
from moto import mock_aws


def main():
    with mock_aws():
        kw = dict(region_name="us-east-1")
        s3 = boto3.client("s3", **kw)
        cfg = boto3.client("config", **kw)
        s3.create_bucket(Bucket="dw-logs")
        s3.put_bucket_tagging(Bucket="dw-logs", Tagging={"TagSet": [
            {"Key": "team", "Value": "platform"}, {"Key": "owner", "Value": "mallory"}]})
        s3.create_bucket(Bucket="shadow-it-bucket")
        cfg.put_configuration_recorder(ConfigurationRecorder={
            "name": "default", "roleARN": "arn:aws:iam::123456789012:role/config",
            "recordingGroup": {"allSupported": True}})
        history = {"configurationItems": []}
        for b in ("dw-logs", "shadow-it-bucket"):
            h = cfg.get_resource_config_history(resourceType="AWS::S3::Bucket", resourceId=b)
            history["configurationItems"] += h["configurationItems"]
        batch = cfg.batch_get_resource_config(resourceKeys=[
            {"resourceType": "AWS::S3::Bucket", "resourceId": "dw-logs"},
            {"resourceType": "AWS::S3::Bucket", "resourceId": "shadow-it-bucket"}])
        batch = {"baseConfigurationItems": batch["baseConfigurationItems"],
                 "unprocessedResourceKeys": batch.get("unprocessedResourceKeys", [])}
    with open("aws_config_history.moto.json", "w") as f:
        json.dump(history, f, indent=1, default=str)
    with open("aws_config_batch.moto.json", "w") as f:
        json.dump(batch, f, indent=1, default=str)


if __name__ == "__main__":
    main()

"""Policies re-written by tools that re-serialize JSON: same meaning with other whitespace, key order
and single-element arrays (no drift), and one trust policy really widened (drift)."""
import json


def mutate(c):
    c["iam"].update_assume_role_policy(RoleName="reformatted", PolicyDocument=(
        '{\n  "Statement": [\n    {\n      "Action": ["sts:AssumeRole"],\n      "Principal": {"Service": "ec2.amazonaws.com"},\n'
        '      "Effect": "Allow",\n      "Sid": "Ec2"\n    }\n  ],\n  "Version": "2012-10-17"\n}\n'))
    c["iam"].update_assume_role_policy(RoleName="widened", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Principal": {"Service": ["lambda.amazonaws.com", "ec2.amazonaws.com"]}}]}))
    arn = [p for p in c["iam"].list_policies(Scope="Local")["Policies"] if p["PolicyName"] == "read"][0]["Arn"]
    c["iam"].create_policy_version(PolicyArn=arn, SetAsDefault=True, PolicyDocument=(
        '{"Statement":[{"Resource":["arn:aws:s3:::dw-data","arn:aws:s3:::dw-data/*"],'
        '"Action":["s3:GetObject","s3:ListBucket"],"Effect":"Allow"}],   "Version":"2012-10-17"}'))
    url = c["sqs"].get_queue_url(QueueName="events")["QueueUrl"]
    c["sqs"].set_queue_attributes(QueueUrl=url, Attributes={"Policy": (
        '{ "Statement" : [ { "Resource" : "arn:aws:sqs:us-east-1:123456789012:events", "Action" : "sqs:SendMessage",'
        ' "Principal" : { "Service" : "sns.amazonaws.com" }, "Effect" : "Allow", "Sid" : "Publish" } ],'
        ' "Version" : "2012-10-17" }')})
    return {
        "extra": [],
        "missing": [],
        "changed": [{"address": "aws_iam_role.widened", "paths": ["assume_role_policy"]}],
    }

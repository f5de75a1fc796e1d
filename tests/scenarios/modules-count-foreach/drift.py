"""Drift inside module instances (for_each and count): a retagged bucket, a retuned queue,
a revoked rule, a deleted subnet and a queue created by hand."""


def mutate(c):
    c["s3"].put_bucket_tagging(Bucket="dw-beta", Tagging={"TagSet": [
        {"Key": "team", "Value": "platform"}, {"Key": "store", "Value": "gamma"}]})
    url = c["sqs"].get_queue_url(QueueName="alpha-q")["QueueUrl"]
    c["sqs"].set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "90"})
    sg = [g for g in c["ec2"].describe_security_groups()["SecurityGroups"] if g["GroupName"] == "svc-1"][0]
    c["ec2"].revoke_security_group_ingress(GroupId=sg["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
    sub = [s for s in c["ec2"].describe_subnets()["Subnets"] if s["CidrBlock"] == "10.2.2.0/24"][0]
    c["ec2"].delete_subnet(SubnetId=sub["SubnetId"])
    c["sqs"].create_queue(QueueName="rogue-q")
    return {
        "extra": [{"provider_type": "AWS::SQS::Queue", "name": "rogue-q"}],
        "missing": [{"address": "aws_subnet.app[2]"}],
        "changed": [
            {"address": "module.store[\"beta\"].aws_s3_bucket.this", "paths": ["tags.store", "tags_all.store"]},
            {"address": "module.store[\"alpha\"].aws_sqs_queue.this", "paths": ["visibility_timeout_seconds"]},
            {"address": "module.sg[1].aws_security_group.this", "paths": ["ingress"]},
        ],
    }

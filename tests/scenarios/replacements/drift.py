"""Resources deleted and re-created by hand under the same name (out-of-band replacement):
a security group (new id), a bucket (same name, tags lost), a queue (other settings), a role (new unique id).
Each re-created object comes back without the provider default tag."""


def mutate(c):
    ec2 = c["ec2"]
    sg = [g for g in ec2.describe_security_groups()["SecurityGroups"] if g["GroupName"] == "db"][0]
    ec2.delete_security_group(GroupId=sg["GroupId"])
    new = ec2.create_security_group(GroupName="db", Description="database access", VpcId=sg["VpcId"])
    ec2.authorize_security_group_ingress(GroupId=new["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.3.0.0/16"}]}])
    c["s3"].delete_bucket(Bucket="dw-assets")
    c["s3"].create_bucket(Bucket="dw-assets")
    c["s3"].delete_bucket_tagging(Bucket="dw-assets")  # re-created without the default tag
    url = c["sqs"].get_queue_url(QueueName="work")["QueueUrl"]
    c["sqs"].delete_queue(QueueUrl=url)
    c["sqs"].create_queue(QueueName="work", Attributes={"VisibilityTimeout": "30"})
    role = c["iam"].get_role(RoleName="svc")["Role"]
    c["iam"].delete_role(RoleName="svc")
    c["iam"].create_role(RoleName="svc", AssumeRolePolicyDocument=role["AssumeRolePolicyDocument"]
                         if isinstance(role["AssumeRolePolicyDocument"], str) else
                         __import__("json").dumps(role["AssumeRolePolicyDocument"]))
    return {
        "extra": [{"provider_type": "AWS::EC2::SecurityGroup", "name": "db"}],
        "missing": [{"address": "aws_security_group.db"}],
        # Re-created objects lose the provider's default tag; the new queue gets the
        # service's current default maximum message size (1 MiB), not the old 256 KiB.
        "changed": [
            {"address": "aws_s3_bucket.assets", "paths": ["tags_all.team"]},
            {"address": "aws_sqs_queue.work",
             "paths": ["max_message_size", "tags_all.team", "visibility_timeout_seconds"]},
            {"address": "aws_iam_role.svc", "paths": ["create_date", "tags_all.team", "unique_id"]},
        ],
    }

"""Someone cleans up by hand: one bucket, one queue, one security group and one table are deleted."""


def mutate(c):
    c["s3"].delete_bucket(Bucket="dw-gone")
    url = c["sqs"].get_queue_url(QueueName="gone")["QueueUrl"]
    c["sqs"].delete_queue(QueueUrl=url)
    sg = [g for g in c["ec2"].describe_security_groups()["SecurityGroups"] if g["GroupName"] == "gone"][0]
    c["ec2"].delete_security_group(GroupId=sg["GroupId"])
    c["dynamodb"].delete_table(TableName="gone")
    return {
        "extra": [],
        "missing": [{"address": "aws_s3_bucket.gone"}, {"address": "aws_sqs_queue.gone"},
                    {"address": "aws_security_group.gone"}, {"address": "aws_dynamodb_table.gone"}],
        "changed": [],
    }

"""Rebuilds tfmoto's basic-aws scenario in a running moto_server with boto3
(what its main.tf applies, then its drift.py), and writes to OUT_DIR:
terraform.tfstate (the corpus state with this moto's ids), reference.json
(tfmoto's own boto3 inventory) and truth.json. Run by test_inventory_aws.py
with a python that has boto3 (the test's pytest python may not).

usage: aws_scenario_seed.py ENDPOINT SHARED_DIR OUT_DIR
"""
import importlib.util
import json
import os
import sys


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def build_basic_aws(c, endpoint):
    """What basic-aws/main.tf applies, made with boto3; returns the state with
    the ids this moto gave (the corpus state's ids came from another run)."""
    with open(os.path.join(scenario_dir(), "terraform.tfstate")) as f:
        state_text = f.read()
    state = json.loads(state_text)
    old = {(r["type"], r["name"]): [i["attributes"] for i in r["instances"]]
           for r in state["resources"]}
    tags = [{"Key": "team", "Value": "platform"}]
    c["s3"].create_bucket(Bucket="dw-logs")
    c["s3"].put_bucket_tagging(Bucket="dw-logs", Tagging={"TagSet": tags})
    vpc = c["ec2"].create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[{
        "ResourceType": "vpc", "Tags": tags + [{"Key": "Name", "Value": "main"}]}])["Vpc"]
    renames = {old[("aws_vpc", "main")][0]["id"]: vpc["VpcId"]}
    for attrs in old[("aws_subnet", "app")]:
        sub = c["ec2"].create_subnet(VpcId=vpc["VpcId"], CidrBlock=attrs["cidr_block"],
                                     AvailabilityZone=attrs["availability_zone"],
                                     TagSpecifications=[{"ResourceType": "subnet",
                                                         "Tags": tags}])["Subnet"]
        renames[attrs["id"]] = sub["SubnetId"]
    sg = c["ec2"].create_security_group(GroupName="web", Description="Managed by Terraform",
                                        VpcId=vpc["VpcId"], TagSpecifications=[{
                                            "ResourceType": "security-group", "Tags": tags}])
    c["ec2"].authorize_security_group_ingress(GroupId=sg["GroupId"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    # Terraform removes the default allow-all egress of a group it creates.
    c["ec2"].revoke_security_group_egress(GroupId=sg["GroupId"], IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    renames[old[("aws_security_group", "web")][0]["id"]] = sg["GroupId"]
    role = old[("aws_iam_role", "app")][0]
    made = c["iam"].create_role(RoleName="app",
                                AssumeRolePolicyDocument=role["assume_role_policy"],
                                Tags=tags)["Role"]
    renames[role["unique_id"]] = made["RoleId"]
    queue = old[("aws_sqs_queue", "jobs")][0]
    c["sqs"].create_queue(QueueName="jobs", tags={"team": "platform"}, Attributes={
        "MaximumMessageSize": str(queue["max_message_size"])})
    c["dynamodb"].create_table(TableName="items", BillingMode="PAY_PER_REQUEST",
                               KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                               AttributeDefinitions=[{"AttributeName": "id",
                                                      "AttributeType": "S"}],
                               Tags=tags)
    queue_url = old[("aws_sqs_queue", "jobs")][0]["id"]
    renames[queue_url.rsplit("/", 2)[0]] = endpoint
    for a, b in renames.items():
        state_text = state_text.replace(a, b)
    return state_text



def scenario_dir():
    return os.path.join(sys.argv[2], "corpus", "scenarios", "basic-aws")


def main():
    endpoint, shared, out = sys.argv[1:4]
    tfmoto_dir = os.path.join(shared, "tools", "tfmoto")
    tfmoto = load(os.path.join(tfmoto_dir, "run.py"), "tfmoto_run")
    drift = load(os.path.join(tfmoto_dir, "scenarios", "basic-aws", "drift.py"), "basic_drift")
    c = tfmoto.clients(endpoint)
    state = build_basic_aws(c, endpoint)
    truth = drift.mutate(c)
    with open(os.path.join(out, "terraform.tfstate"), "w") as f:
        f.write(state)
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(tfmoto.inventory(c), f)
    with open(os.path.join(out, "truth.json"), "w") as f:
        json.dump(truth, f)


if __name__ == "__main__":
    main()

"""Builds, in a moto server, the AWS resources one function needs for one event, and prints the function's
environment (JSON) and the event to use (ids rewritten to the emulator's). Untimed set-up for bench/cold/run.py.

usage: world.py <function> <event file> <moto endpoint> <out dir>
Writes <out dir>/env.json and <out dir>/event.json. Baseline tooling for bench/, not product code.
"""
import json
import sys
import urllib.request
from pathlib import Path

import boto3

REGION = "us-east-1"
TABLE = "hub-responder-ledger"


def client(service, endpoint):
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def ledger(endpoint):
    """The ledger table as template.yaml and LedgerTable.java declare it."""
    def string(name):
        return {"AttributeName": name, "AttributeType": "S"}

    def index(name, hash_key, range_key):
        return {"IndexName": name, "Projection": {"ProjectionType": "ALL"},
                "KeySchema": [{"AttributeName": hash_key, "KeyType": "HASH"},
                              {"AttributeName": range_key, "KeyType": "RANGE"}]}

    client("dynamodb", endpoint).create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[string(n) for n in ("pk", "target", "findingId", "createdAt", "capAccount", "capAt")],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[index("byTarget", "target", "createdAt"), index("byFinding", "findingId", "createdAt"),
                                index("byAccountContainment", "capAccount", "capAt")])
    return {"LEDGER_TABLE": TABLE}


def waf_block(endpoint, event):
    waf = client("wafv2", endpoint)
    v4 = waf.create_ip_set(Name="blocked-ipv4", Scope="REGIONAL", IPAddressVersion="IPV4", Addresses=[],
                           Description="hub-responder")["Summary"]["ARN"]
    v6 = waf.create_ip_set(Name="blocked-ipv6", Scope="REGIONAL", IPAddressVersion="IPV6", Addresses=[],
                           Description="hub-responder")["Summary"]["ARN"]
    # The hand-over target is required at init; a direct event (what the bench sends) never calls it.
    return {"LEDGER_LEASE_SECONDS": "120", "RESPONDER_WAF_IPV4_SET_ARN": v4, "RESPONDER_WAF_IPV6_SET_ARN": v6,
            "RESPONDER_BLOCK_EXPIRY_HOURS": "24", "RESPONDER_WAF_FULL_SET_POLICY": "REFUSE",
            "RESPONDER_NEXT_STAGE_FUNCTION": "arn:aws:lambda:us-east-1:123456789012:function:CreateTicket:live"}, event


def alert(endpoint, event):
    topic = client("sns", endpoint).create_topic(Name="hub-responder-alerts")["TopicArn"]
    return {"LEDGER_LEASE_SECONDS": "30", "ALERT_TOPIC_ARN": topic}, event


def ecs_stop_task(endpoint, event):
    ecs = client("ecs", endpoint)
    ec2 = client("ec2", endpoint)
    urllib.request.urlopen(urllib.request.Request(
        endpoint + "/moto-api/state-manager/set-transition", method="POST",
        data=b'{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}'))
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    ecs.create_cluster(clusterName="prod")
    definition = ecs.register_task_definition(
        family="checkout", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        containerDefinitions=[{"name": "app", "image": "nginx", "memory": 512}])["taskDefinition"]["taskDefinitionArn"]
    network = {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}}
    ecs.create_service(cluster="prod", serviceName="checkout", taskDefinition=definition, desiredCount=1,
                       launchType="FARGATE", networkConfiguration=network)
    task = ecs.run_task(cluster="prod", taskDefinition=definition, launchType="FARGATE", startedBy="ecs-svc/1",
                        group="service:checkout", tags=[{"key": "team", "value": "payments"}],
                        networkConfiguration=network)["tasks"][0]
    old = "3f1c9a7e5b2d4c6a8e0f1a2b3c4d5e6f"
    new = task["taskArn"].rsplit("/", 1)[1]
    return {"LEDGER_LEASE_SECONDS": "60", "RESPONDER_ECS_SERVICE_RESPONSE": "none"}, event.replace(old, new)


def ec2_quarantine(endpoint, event):
    ec2 = client("ec2", endpoint)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                 SubnetId=subnet)["Instances"][0]["InstanceId"]
    return {"LEDGER_LEASE_SECONDS": "120", "RESPONDER_EC2_ASG_ACTION": "none",
            "RESPONDER_EC2_SNAPSHOTS": "false"}, event.replace("i-0a1b2c3d4e5f60718", instance)


WORLDS = {"waf-block": waf_block, "alert": alert, "ecs-stop-task": ecs_stop_task, "ec2-quarantine": ec2_quarantine}

if __name__ == "__main__":
    function, event_file, endpoint, out = sys.argv[1:5]
    env = ledger(endpoint)
    extra, event = WORLDS[function](endpoint, Path(event_file).read_text())
    env.update(extra)
    Path(out, "env.json").write_text(json.dumps(env))
    Path(out, "event.json").write_text(event)

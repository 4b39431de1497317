"""The Python 3 + boto3 baseline for the cold-invoke benchmark: what a Python Lambda doing this function's work
for this event would do, as one process (interpreter start, imports, clients, the calls). It makes the same AWS
calls, in the same order and number, as the Java function makes for the same event (checked with calls.py
against moto's recorder; see BENCHMARKS.md). It is a baseline, not product code: it decides nothing, it replays
the work the Java policy decided.

usage: reference.py <function> <event file>   (environment as for the Java function: AWS_ENDPOINT_URL, ...)
"""
import json
import os
import sys
import time
import uuid

import boto3

TABLE = os.environ.get("LEDGER_TABLE", "hub-responder-ledger")


def finding_of(event_file):
    event = json.load(open(event_file))
    return event, event["detail"]["findings"][0]


def record(dynamo, pk, finding, state, target, **extra):
    item = {"pk": {"S": pk}, "findingId": {"S": finding["Id"]}, "target": {"S": target},
            "state": {"S": state}, "createdAt": {"S": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "severity": {"S": finding["Severity"]["Label"]}}
    item.update({k: {"S": v} for k, v in extra.items()})
    dynamo.put_item(TableName=TABLE, Item=item)


def note(hub, finding, text):
    hub.batch_update_findings(FindingIdentifiers=[{"Id": finding["Id"], "ProductArn": finding["ProductArn"]}],
                              Note={"Text": text[:512], "UpdatedBy": "hub-responder"},
                              Workflow={"Status": "NOTIFIED"})


def waf_block(event_file):
    _, finding = finding_of(event_file)
    dynamo, waf, hub = boto3.client("dynamodb"), boto3.client("wafv2"), boto3.client("securityhub")
    fields = finding.get("ProductFields", {})
    address = next(v for k, v in fields.items() if k.endswith("remoteIpDetails/ipAddressV4")) + "/32"
    pk = "hr-" + uuid.uuid4().hex[:12]
    record(dynamo, pk, finding, "IN_PROGRESS", address)
    arn = os.environ["RESPONDER_WAF_IPV4_SET_ARN"]
    name, ident = arn.split("/")[-2:]
    current = waf.get_ip_set(Name=name, Scope="REGIONAL", Id=ident)
    addresses = sorted(set(current["IPSet"]["Addresses"]) | {address})
    waf.update_ip_set(Name=name, Scope="REGIONAL", Id=ident, Addresses=addresses,
                      Description=current["IPSet"].get("Description", ""), LockToken=current["LockToken"])
    record(dynamo, "holding#" + address, finding, "BLOCKED", address)
    record(dynamo, pk, finding, "DONE", address)
    note(hub, finding, f"hub-responder BLOCKED {address} ({pk})")
    return {"stage": "BlockAddresses", "blocked": address}


def alert(event_file):
    _, finding = finding_of(event_file)
    dynamo, sns = boto3.client("dynamodb"), boto3.client("sns")
    pk = "hr-" + uuid.uuid4().hex[:12]
    dynamo.get_item(TableName=TABLE, Key={"pk": {"S": pk}})
    record(dynamo, pk, finding, "IN_PROGRESS", finding["Id"])
    dynamo.query(TableName=TABLE, IndexName="byFinding", KeyConditionExpression="findingId = :f",
                 ExpressionAttributeValues={":f": {"S": finding["Id"]}})
    subject = f"[{finding['Severity']['Label']}] {finding['Title']}"[:99]
    sns.publish(TopicArn=os.environ["ALERT_TOPIC_ARN"], Subject=subject, Message=json.dumps(finding)[:200000],
                MessageAttributes={"severity": {"DataType": "String", "StringValue": finding["Severity"]["Label"]}})
    record(dynamo, pk + "#sent", finding, "SENT", finding["Id"])
    record(dynamo, pk, finding, "DONE", finding["Id"])
    return {"stage": "SendAlert", "sent": subject}


def ecs_stop_task(event_file):
    _, finding = finding_of(event_file)
    dynamo, ecs, hub = boto3.client("dynamodb"), boto3.client("ecs"), boto3.client("securityhub")
    task = next(r for r in finding["Resources"] if r["Type"] == "AwsEcsTask")
    details = task["Details"]["AwsEcsTask"]
    cluster, task_arn = details["ClusterArn"], task["Id"]
    pk = "hr-" + uuid.uuid4().hex[:12]
    dynamo.get_item(TableName=TABLE, Key={"pk": {"S": pk}})
    dynamo.query(TableName=TABLE, IndexName="byAccountContainment", KeyConditionExpression="capAccount = :a",
                 ExpressionAttributeValues={":a": {"S": finding["AwsAccountId"]}})
    record(dynamo, pk, finding, "IN_PROGRESS", task_arn)
    described = ecs.describe_tasks(cluster=cluster, tasks=[task_arn], include=["TAGS"])["tasks"][0]
    service = described.get("group", "").removeprefix("service:")
    ecs.describe_services(cluster=cluster, services=[service], include=["TAGS"])
    for step in ("evidence", "tags", "service", "guards", "claim"):
        record(dynamo, pk, finding, "IN_PROGRESS", task_arn, step=step, evidence=json.dumps(described, default=str))
    ecs.stop_task(cluster=cluster, task=task_arn, reason=f"hub-responder: finding {finding['Id']}"[:255])
    for step in ("stopped", "noted", "done"):
        record(dynamo, pk, finding, "DONE", task_arn, step=step)
    record(dynamo, "cap#" + pk, finding, "DONE", task_arn, capAccount=finding["AwsAccountId"], capAt="now")
    note(hub, finding, f"hub-responder DONE STOP_TASK {task_arn} ({pk})")
    return {"stage": "StopTask", "stopped": task_arn}


def ec2_quarantine(event_file):
    _, finding = finding_of(event_file)
    dynamo, ec2, hub = boto3.client("dynamodb"), boto3.client("ec2"), boto3.client("securityhub")
    autoscaling, elb = boto3.client("autoscaling"), boto3.client("elbv2")
    instance_id = next(r for r in finding["Resources"] if r["Type"] == "AwsEc2Instance")["Id"].rsplit("/", 1)[1]
    pk = "hr-" + uuid.uuid4().hex[:12]
    dynamo.get_item(TableName=TABLE, Key={"pk": {"S": pk}})
    dynamo.query(TableName=TABLE, IndexName="byAccountContainment", KeyConditionExpression="capAccount = :a",
                 ExpressionAttributeValues={":a": {"S": finding["AwsAccountId"]}})
    record(dynamo, pk, finding, "IN_PROGRESS", instance_id)
    instance = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    vpc = instance["VpcId"]
    enis = ec2.describe_network_interfaces(Filters=[{"Name": "attachment.instance-id", "Values": [instance_id]}])
    enis = [e["NetworkInterfaceId"] for e in enis["NetworkInterfaces"]]
    ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="disableApiTermination")
    ec2.describe_instance_attribute(InstanceId=instance_id, Attribute="instanceInitiatedShutdownBehavior")
    autoscaling.describe_auto_scaling_instances(InstanceIds=[instance_id])
    elb.describe_target_groups()
    dynamo.query(TableName=TABLE, IndexName="byTarget", KeyConditionExpression="target = :t",
                 ExpressionAttributeValues={":t": {"S": instance_id}})
    record(dynamo, pk, finding, "IN_PROGRESS", instance_id, step="prestate", prestate=json.dumps(instance, default=str))
    ec2.modify_instance_attribute(InstanceId=instance_id, DisableApiTermination={"Value": True})
    ec2.modify_instance_attribute(InstanceId=instance_id, InstanceInitiatedShutdownBehavior={"Value": "stop"})
    record(dynamo, pk, finding, "IN_PROGRESS", instance_id, step="protected")
    groups = {}
    for role in ("untracked", "isolation"):
        by_tag = [{"Name": "vpc-id", "Values": [vpc]}, {"Name": "tag:hub-responder:quarantine-group", "Values": [role]}]
        ec2.describe_security_groups(Filters=by_tag)
        group = ec2.create_security_group(GroupName=f"hub-responder-{role}-{vpc}", Description=role, VpcId=vpc,
                                          TagSpecifications=[{"ResourceType": "security-group", "Tags": [
                                              {"Key": "hub-responder:quarantine-group", "Value": role}]}])["GroupId"]
        ec2.describe_security_groups(GroupIds=[group])
        if role == "untracked":
            everything = [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
            ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=everything)
            ec2.authorize_security_group_egress(GroupId=group, IpPermissions=[
                {"IpProtocol": "-1", "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
        else:
            ec2.revoke_security_group_egress(GroupId=group, IpPermissions=[
                {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        groups[role] = group
    for eni in enis:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni, Groups=[groups["untracked"]])
    record(dynamo, pk, finding, "IN_PROGRESS", instance_id, step="untracked")
    record(dynamo, pk, finding, "IN_PROGRESS", instance_id, step="untracked-done")
    for group in (groups["untracked"], groups["isolation"], groups["untracked"], groups["isolation"]):
        ec2.describe_security_groups(GroupIds=[group])
    for eni in enis:
        ec2.modify_network_interface_attribute(NetworkInterfaceId=eni, Groups=[groups["isolation"]])
    for step in ("isolated", "isolated-done", "asg", "asg-done"):
        record(dynamo, pk, finding, "IN_PROGRESS", instance_id, step=step)
    elb.describe_target_groups()
    for step in ("deregistered", "deregistered-done", "snapshots"):
        record(dynamo, pk, finding, "IN_PROGRESS", instance_id, step=step)
    ec2.create_tags(Resources=[instance_id], Tags=[{"Key": "hub-responder:quarantined", "Value": pk}])
    for step in ("tagged", "done"):
        record(dynamo, pk, finding, "DONE", instance_id, step=step)
    record(dynamo, "cap#" + pk, finding, "DONE", instance_id, capAccount=finding["AwsAccountId"], capAt="now")
    note(hub, finding, f"hub-responder DONE QUARANTINE_INSTANCE {instance_id} ({pk})")
    return {"stage": "QuarantineInstance", "quarantined": instance_id}


FUNCTIONS = {"waf-block": waf_block, "alert": alert, "ecs-stop-task": ecs_stop_task, "ec2-quarantine": ec2_quarantine}

if __name__ == "__main__":
    print(json.dumps(FUNCTIONS[sys.argv[1]](sys.argv[2])))

"""The Python 3 + boto3 baseline for the cold-invoke benchmark: what a Python Lambda doing this function's work
for this event would do, as one process (interpreter start, imports, clients, the calls). It makes the same AWS
and HTTP calls, in the same order and number, as the Java function makes for the same event (checked by
run.py --calls against moto's recorder and the stubs' request logs; see BENCHMARKS.md). It is a baseline, not
product code: it decides nothing, it replays the work the Java policy decided.

usage: reference.py <function> <event file>   (environment as for the Java function: AWS_ENDPOINT_URL, ...)
"""
import base64
import json
import os
import sys
import time
import urllib.request
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


def claim(dynamo, finding, target):
    """A containment stage's start: its record and the account's hourly cap read, the record claimed, and the
    account the stack runs in (member accounts). Returns the record's key and that account."""
    pk = "hr-" + uuid.uuid4().hex[:12]
    dynamo.get_item(TableName=TABLE, Key={"pk": {"S": pk}})
    dynamo.query(TableName=TABLE, IndexName="byAccountContainment", KeyConditionExpression="capAccount = :a",
                 ExpressionAttributeValues={":a": {"S": finding["AwsAccountId"]}})
    record(dynamo, pk, finding, "PLANNED", target)
    return pk, boto3.client("sts").get_caller_identity()["Account"]


def contained(dynamo, hub, pk, finding, target, action):
    """A containment stage's end: the cap marker, and the note on the finding."""
    record(dynamo, "cap#" + pk, finding, "DONE", target, capAccount=finding["AwsAccountId"], capAt="now")
    note(hub, finding, f"hub-responder DONE {action} {target} ({pk})")


def waf_block(event_file):
    _, finding = finding_of(event_file)
    dynamo, waf, hub, ec2 = (boto3.client("dynamodb"), boto3.client("wafv2"), boto3.client("securityhub"),
                             boto3.client("ec2"))
    # The shipped playbook blocks an attack sequence's public INBOUND endpoints.
    endpoints = finding["Detection"]["Sequence"]["Endpoints"]
    address = next(e["Ip"] for e in endpoints if e["Connection"]["Direction"] == "INBOUND") + "/32"
    own = [a for g in ec2.describe_nat_gateways()["NatGateways"] for a in g.get("NatGatewayAddresses", [])]
    own += ec2.describe_addresses()["Addresses"]
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
    return {"stage": "BlockAddresses", "blocked": address, "ownAddresses": len(own)}


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
    pk, home_account = claim(dynamo, finding, task_arn)
    record(dynamo, pk, finding, "IN_PROGRESS", task_arn, account=home_account)
    described = ecs.describe_tasks(cluster=cluster, tasks=[task_arn], include=["TAGS"])["tasks"][0]
    service = described.get("group", "").removeprefix("service:")
    ecs.describe_services(cluster=cluster, services=[service], include=["TAGS"])
    for step in ("evidence", "tags", "service", "guards", "claim"):
        record(dynamo, pk, finding, "IN_PROGRESS", task_arn, step=step, evidence=json.dumps(described, default=str))
    ecs.stop_task(cluster=cluster, task=task_arn, reason=f"hub-responder: finding {finding['Id']}"[:255])
    for step in ("stopped", "noted", "done"):
        record(dynamo, pk, finding, "DONE", task_arn, step=step)
    contained(dynamo, hub, pk, finding, task_arn, "STOP_TASK")
    return {"stage": "StopTask", "stopped": task_arn}


def ec2_quarantine(event_file):
    _, finding = finding_of(event_file)
    dynamo, ec2, hub = boto3.client("dynamodb"), boto3.client("ec2"), boto3.client("securityhub")
    autoscaling, elb = boto3.client("autoscaling"), boto3.client("elbv2")
    instance_id = next(r for r in finding["Resources"] if r["Type"] == "AwsEc2Instance")["Id"].rsplit("/", 1)[1]
    pk, home_account = claim(dynamo, finding, instance_id)
    record(dynamo, pk, finding, "IN_PROGRESS", instance_id, account=home_account)
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
    contained(dynamo, hub, pk, finding, instance_id, "QUARANTINE_INSTANCE")
    return {"stage": "QuarantineInstance", "quarantined": instance_id}


def revoke_credentials(event_file):
    _, finding = finding_of(event_file)
    dynamo, iam, hub = boto3.client("dynamodb"), boto3.client("iam"), boto3.client("securityhub")
    key = next(r for r in finding["Resources"] if r["Type"] == "AwsIamAccessKey")["Details"]["AwsIamAccessKey"]
    role_arn = key["SessionContext"]["SessionIssuer"]["Arn"]
    role = role_arn.rsplit("/", 1)[1]
    pk, home_account = claim(dynamo, finding, role_arn)
    described = iam.get_role(RoleName=role)["Role"]
    attached = iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
    inline = iam.list_role_policies(RoleName=role)["PolicyNames"]
    tags = iam.list_role_tags(RoleName=role)["Tags"]
    prestate = json.dumps({"role": described, "attached": attached, "inline": inline, "tags": tags}, default=str)
    for step in ("prestate", "guards", "claim"):
        record(dynamo, pk, finding, "IN_PROGRESS", role_arn, step=step, prestate=prestate, account=home_account)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    deny = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                                                    "Condition": {"DateLessThan": {"aws:TokenIssueTime": now}}}]}
    iam.put_role_policy(RoleName=role, PolicyName="hub-responder-revoke-older-sessions",
                        PolicyDocument=json.dumps(deny))
    record(dynamo, pk, finding, "IN_PROGRESS", role_arn, step="revoked")
    iam.tag_role(RoleName=role, Tags=[{"Key": "hub-responder:revoked", "Value": pk}])
    for step in ("tagged", "done"):
        record(dynamo, pk, finding, "DONE", role_arn, step=step)
    contained(dynamo, hub, pk, finding, role_arn, "REVOKE_CREDENTIALS")
    return {"stage": "RevokeCredentials", "revoked": role_arn}


def waf_expiry(event_file):
    """The sweep over the ledger's holdings: the hosts whose block expired come out, one write per set."""
    dynamo, waf = boto3.client("dynamodb"), boto3.client("wafv2")
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
    holdings = dynamo.query(TableName=TABLE, IndexName="byFinding", KeyConditionExpression="findingId = :f",
                            ExpressionAttributeValues={":f": {"S": "hub-responder:waf-block-list"}})["Items"]
    expired = sorted((h for h in holdings if h["state"]["S"] == "DONE" and h["undoAt"]["S"] <= now),
                     key=lambda h: h["createdAt"]["S"])
    for holding in expired:
        dynamo.query(TableName=TABLE, IndexName="byTarget", KeyConditionExpression="target = :t",
                     ExpressionAttributeValues={":t": holding["target"]})
    removed = []
    for version in ("IPV4", "IPV6"):
        name, ident = os.environ[f"RESPONDER_WAF_{version}_SET_ARN"].split("/")[-2:]
        hosts = [h["target"]["S"] for h in expired if (":" in h["target"]["S"]) == (version == "IPV6")]
        current = waf.get_ip_set(Name=name, Scope="REGIONAL", Id=ident)
        waf.update_ip_set(Name=name, Scope="REGIONAL", Id=ident, LockToken=current["LockToken"],
                          Addresses=[a for a in current["IPSet"]["Addresses"] if a not in hosts],
                          Description=current["IPSet"].get("Description", ""))
        for host in hosts:
            reason = f"block expired; removed from {name} by the expiry sweep at {now}"
            holding = {"S": f"hub-responder:waf-block-list|BLOCK_ADDRESS|{host}"}
            held = dynamo.get_item(TableName=TABLE, Key={"pk": holding}, ConsistentRead=True)["Item"]
            release(dynamo, held, reason)
            blocks = dynamo.query(TableName=TABLE, IndexName="byTarget", KeyConditionExpression="target = :t",
                                  ExpressionAttributeValues={":t": {"S": host}})["Items"]
            for block in blocks:
                if block["findingId"]["S"] != "hub-responder:waf-block-list" and block["state"]["S"] == "DONE":
                    release(dynamo, block, reason)
            removed.append(host)
    return {"at": now, "removed": removed}


def release(dynamo, item, reason):
    version = int(item["version"]["N"])
    item = dict(item, state={"S": "RELEASED"}, reason={"S": reason}, version={"N": str(version + 1)})
    dynamo.put_item(TableName=TABLE, Item=item, ConditionExpression="version = :v",
                    ExpressionAttributeValues={":v": {"N": str(version)}})


def ticket(event_file):
    """Jira Cloud over HTTP (urllib, as a small Python Lambda would), its credentials from Secrets Manager."""
    _, finding = finding_of(event_file)
    dynamo, secrets, hub = boto3.client("dynamodb"), boto3.client("secretsmanager"), boto3.client("securityhub")
    pk = "hr-" + uuid.uuid4().hex[:12]
    dynamo.get_item(TableName=TABLE, Key={"pk": {"S": pk + "#episodes"}})
    dynamo.get_item(TableName=TABLE, Key={"pk": {"S": pk}})
    record(dynamo, pk, finding, "IN_PROGRESS", "-")
    secret = json.loads(secrets.get_secret_value(SecretId=os.environ["RESPONDER_TICKET_SECRET_ARN"])["SecretString"])
    credentials = base64.b64encode(f"{secret['email']}:{secret['apiToken']}".encode()).decode()
    site = os.environ["RESPONDER_JIRA_URL"]

    def jira(path, body):
        request = urllib.request.Request(site + path, data=json.dumps(body).encode(), method="POST", headers={
            "Authorization": "Basic " + credentials, "Content-Type": "application/json", "Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    label = "hub-responder-" + uuid.uuid5(uuid.NAMESPACE_URL, finding["Id"]).hex[:16]
    found = jira("/rest/api/3/search/jql", {"jql": f'project = "SEC" AND labels = "{label}" ORDER BY created ASC',
                                            "maxResults": 1, "fields": ["status"]})
    actions = dynamo.query(TableName=TABLE, IndexName="byFinding", KeyConditionExpression="findingId = :f",
                           ExpressionAttributeValues={":f": {"S": finding["Id"]}})["Items"]
    summary = f"[{finding['Severity']['Label']}] {finding['Title']}"[:255]
    description = {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [
        {"type": "text", "text": finding["Description"][:30000]}]}]}
    created = jira("/rest/api/3/issue", {"fields": {
        "project": {"key": "SEC"}, "issuetype": {"name": "Task"}, "summary": summary, "description": description,
        "labels": ["hub-responder", label], "priority": {"name": "High"}}})
    for step in ("provider", "id", "url", "key", "done"):
        record(dynamo, pk, finding, "DONE", "-", step=step, ticket=created["key"], found=str(len(found["issues"])),
               actions=str(len(actions)))
    record(dynamo, pk + "#audit", finding, "DONE", "-")
    note(hub, finding, f"hub-responder ticket {created['key']} ({pk})")
    return {"stage": "CreateTicket", "ticket": created["key"]}


def digest(event_file):
    """GetFindings page by page with the tier's filters, then one message to the alert topic."""
    tier = json.load(open(event_file))["digest"]
    hub, sns = boto3.client("securityhub"), boto3.client("sns")
    now = time.time()
    window = {"Start": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 86400)),
              "End": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))}
    filters = {"SeverityLabel": [{"Value": "MEDIUM", "Comparison": "EQUALS"}],
               "RecordState": [{"Value": "ACTIVE", "Comparison": "EQUALS"}], "UpdatedAt": [window]}
    included = []
    for page in hub.get_paginator("get_findings").paginate(Filters=filters, PaginationConfig={"PageSize": 100}):
        included += [f for f in page["Findings"] if f["Severity"].get("Label") == "MEDIUM"
                     and f.get("RecordState") == "ACTIVE"]
    lines = [f"- [{f['Severity']['Label']}] {f['Title']} ({f['AwsAccountId']})" for f in included]
    sns.publish(TopicArn=os.environ["ALERT_TOPIC_ARN"], Subject=f"hub-responder {tier.lower()} digest: "
                f"{len(included)} findings", Message="\n".join(lines) or "nothing new",
                MessageAttributes={"action": {"DataType": "String", "StringValue": "DIGEST_" + tier}})
    return {"digest": tier, "included": len(included)}


def custom_actions(event_file):
    """The custom resource's Create: the declared action targets made, then the answer PUT to CloudFormation."""
    request = json.load(open(event_file))
    hub = boto3.client("securityhub")
    existing = {t["ActionTargetArn"].rsplit("/", 1)[1]: t for page in
                hub.get_paginator("describe_action_targets").paginate() for t in page["ActionTargets"]}
    arns = {}
    for target in request["ResourceProperties"]["ActionTargets"]:
        if target["Id"] not in existing:
            arns[target["Id"]] = hub.create_action_target(**target)["ActionTargetArn"]
    answer = {"Status": "SUCCESS", "Reason": f"action targets: {len(arns)} created",
              "PhysicalResourceId": "hub-responder-action-targets", "StackId": request["StackId"],
              "RequestId": request["RequestId"], "LogicalResourceId": request["LogicalResourceId"], "Data": arns}
    urllib.request.urlopen(urllib.request.Request(request["ResponseURL"], data=json.dumps(answer).encode(),
                                                  method="PUT"), timeout=10).close()
    return answer


FUNCTIONS = {"waf-block": waf_block, "alert": alert, "ecs-stop-task": ecs_stop_task, "ec2-quarantine": ec2_quarantine,
             "revoke-credentials": revoke_credentials, "waf-expiry": waf_expiry, "ticket": ticket, "digest": digest,
             "custom-actions": custom_actions}

if __name__ == "__main__":
    print(json.dumps(FUNCTIONS[sys.argv[1]](sys.argv[2])))

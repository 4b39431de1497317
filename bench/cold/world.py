"""Builds, in a moto server, the AWS resources one function needs for one event, and prints the function's
environment (JSON) and the event to use (ids rewritten to the emulator's). Untimed set-up for bench/cold/run.py.

usage: world.py <function> <event file> <moto endpoint> <out dir> [<ticket API stub>]   (the stub: ticket only)
Writes <out dir>/env.json and <out dir>/event.json. Baseline tooling for bench/, not product code.
"""
import hashlib
import json
import sys
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import boto3
from botocore.exceptions import ParamValidationError

REGION = "us-east-1"
TABLE = "hub-responder-ledger"
ROOT = Path(__file__).resolve().parent.parent.parent


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
    # The hand-over target is required at init; a direct event (what the bench sends) never calls it: only
    # queued events are handed over (run.py --calls shows no Lambda Invoke).
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


def revoke_credentials(endpoint, event):
    """The instance role the exfiltration finding names, with the application's own inline policy."""
    iam = client("iam", endpoint)
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="web-app-instance-role", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName="web-app-instance-role", PolicyName="app-access", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}))
    # The template never revokes the stack's own roles (stack hub-responder; NeverRevokePrincipals empty).
    return {"LEDGER_LEASE_SECONDS": "60",
            "RESPONDER_NEVER_REVOKE_PRINCIPALS": "arn:aws:iam::123456789012:role/hub-responder-*,"}, event


def ledger_time(moment):
    """DynamoDbActionLedger's time format."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def block_record(finding_id, host, state, reason, created, expires, **extra):
    """A BLOCK_ADDRESS record as DynamoDbActionLedger writes it (key, ledger id, times, version)."""
    pk = f"{finding_id}|BLOCK_ADDRESS|{host}"
    item = {"pk": pk, "findingId": finding_id, "action": "BLOCK_ADDRESS", "target": host,
            "ledgerId": "hr-" + hashlib.sha256(pk.encode()).hexdigest()[:12], "state": state, "reason": reason,
            "completedSteps": [], "artifacts": {}, "createdAt": ledger_time(created),
            "updatedAt": ledger_time(created), "undoAt": ledger_time(expires), "version": 1}
    item.update(extra)
    return {k: ({"L": []} if v == [] else {"M": {}} if v == {} else {"N": str(v)} if isinstance(v, int)
                else {"S": v}) for k, v in item.items()}


def waf_expiry(endpoint, event):
    """The state the blocking service leaves: two hosts blocked 25 hours ago (expired after the template's 24),
    one blocked 10 hours ago, each with its holding and its finding's block record, and in each set an entry a
    person added, which the sweep must leave alone."""
    finding = json.loads((ROOT / "events/guardduty-attack-sequence-ec2-instance-group-critical.json").read_text())
    finding = finding["detail"]["findings"][0]
    now = datetime.now(timezone.utc)
    blocks = {"199.241.229.197/32": now - timedelta(hours=25), "2a06:98c0:3600::103/128": now - timedelta(hours=25),
              "45.155.205.233/32": now - timedelta(hours=10)}
    waf = client("wafv2", endpoint)
    sets = {}
    for version, persons in (("IPV4", "8.8.4.4/32"), ("IPV6", "2001:4860:4860::8844/128")):
        ours = [h for h in blocks if ("." in h) == (version == "IPV4")]
        sets[version] = waf.create_ip_set(
            Name=f"hub-responder-blocked-{version.lower()}", Scope="REGIONAL", IPAddressVersion=version,
            Addresses=[persons, *ours], Description="blocked by hub-responder")["Summary"]["ARN"]
    dynamo = client("dynamodb", endpoint)
    for host, blocked in blocks.items():
        expires = blocked + timedelta(hours=24)
        ip_set = sets["IPV4" if "." in host else "IPV6"].split("/")[-2]
        dynamo.put_item(TableName=TABLE, Item=block_record(
            "hub-responder:waf-block-list", host, "DONE", f"added to {ip_set} by the responder", blocked, expires))
        dynamo.put_item(TableName=TABLE, Item=block_record(
            finding["Id"], host, "DONE", "blocked: attacker of " + finding["Title"], blocked, expires,
            productArn=finding["ProductArn"], accountId=finding["AwsAccountId"],
            severity=finding["Severity"]["Label"]))
    return {"LEDGER_LEASE_SECONDS": "300", "RESPONDER_WAF_IPV4_SET_ARN": sets["IPV4"],
            "RESPONDER_WAF_IPV6_SET_ARN": sets["IPV6"], "RESPONDER_BLOCK_EXPIRY_HOURS": "24",
            "RESPONDER_WAF_FULL_SET_POLICY": "REFUSE"}, event


def ticket(endpoint, event, ticket_api):
    """Jira Cloud (the stub) with its credentials in Secrets Manager, read at the first ticket."""
    secret = client("secretsmanager", endpoint).create_secret(
        Name="hub-responder/jira", SecretString=json.dumps({"email": "sec-bot@example.com", "apiToken": "jira-token"}))
    return {"LEDGER_LEASE_SECONDS": "60", "RESPONDER_TICKET_PROVIDER": "jira", "RESPONDER_TICKET_SECRET_ARN":
            secret["ARN"], "RESPONDER_JIRA_URL": ticket_api, "RESPONDER_JIRA_PROJECT": "SEC"}, event


def digest(endpoint, event):
    """The alert topic, and Security Hub (moto's, which serves GetFindings) holding every finding of events/,
    updated within the last day: the daily digest reads them all and keeps the MEDIUM ones."""
    topic = client("sns", endpoint).create_topic(Name="hub-responder-alerts")["TopicArn"]
    recent = datetime.now(timezone.utc) - timedelta(hours=2)
    findings = []
    for path in sorted((ROOT / "events").glob("*.json")):
        for finding in json.loads(path.read_text()).get("detail", {}).get("findings", []):
            if isinstance(finding, dict) and finding.get("SchemaVersion") and finding.get("Resources"):
                finding["UpdatedAt"] = recent.strftime("%Y-%m-%dT%H:%M:%S.000Z")
                findings.append(finding)
    hub = client("securityhub", endpoint)
    for finding in findings:
        try:
            hub.batch_import_findings(Findings=[finding])
        except ParamValidationError:
            pass  # fields newer than this botocore's model, or a fixture malformed on purpose
    return {"LEDGER_LEASE_SECONDS": "300", "ALERT_TOPIC_ARN": topic, "AWS_ENDPOINT_URL_SECURITYHUB": endpoint}, event


def custom_actions(endpoint, event):
    """CloudFormation's response bucket in moto's S3: the request's pre-signed ResponseURL points there."""
    client("s3", endpoint).create_bucket(Bucket="cloudformation-custom-resource-response-useast1")
    request = json.loads(event)
    request["ResponseURL"] = request["ResponseURL"].replace("https://cloudformation-custom-resource-response-useast1"
                                                            ".s3.amazonaws.com/", endpoint +
                                                            "/cloudformation-custom-resource-response-useast1/")
    return {}, json.dumps(request)


WORLDS = {"waf-block": waf_block, "alert": alert, "ecs-stop-task": ecs_stop_task, "ec2-quarantine": ec2_quarantine,
          "revoke-credentials": revoke_credentials, "waf-expiry": waf_expiry, "ticket": ticket, "digest": digest,
          "custom-actions": custom_actions}

if __name__ == "__main__":
    function, event_file, endpoint, out = sys.argv[1:5]
    env = ledger(endpoint)
    event = Path(event_file).read_text()
    if function == "ticket":
        extra, event = ticket(endpoint, event, sys.argv[5])
    else:
        extra, event = WORLDS[function](endpoint, event)
    env.update(extra)
    Path(out, "env.json").write_text(json.dumps(env))
    Path(out, "event.json").write_text(event)

"""Prints the AWS calls moto recorded (moto-api recorder), one per line: service operation. Used to check that the
Python reference makes the same calls as the Java function (bench/cold/run.py --calls does it for every function).
usage: calls.py <moto endpoint>"""
import base64
import json
import sys
import urllib.parse
import urllib.request


def recorded(endpoint):
    """The calls in moto's recording, in order: the X-Amz-Target of JSON protocols, the Action of query protocols,
    else the service (from the signature) and the method and path of REST protocols."""
    with urllib.request.urlopen(endpoint + "/moto-api/recorder/download-recording") as response:
        lines = response.read().decode().splitlines()
    calls = []
    for line in lines:
        record = json.loads(line)
        headers = {k.lower(): v for k, v in (record.get("headers") or {}).items()}
        target = headers.get("x-amz-target")
        if not target:
            body = record.get("body") or ""
            try:
                body = base64.b64decode(body).decode()
            except Exception:
                pass
            params = urllib.parse.parse_qs(body)
            target = params.get("Action", [record.get("method") + " " + urllib.parse.urlparse(record["url"]).path])[0]
            auth = headers.get("authorization", "")
            # Unsigned: a pre-signed URL's request (CloudFormation's answer to a custom resource, PUT to S3).
            service = auth.split("/")[3] if auth.count("/") >= 3 else "unsigned"
            target = service + "." + target
        calls.append(target)
    return calls


if __name__ == "__main__":
    print("\n".join(recorded(sys.argv[1])))

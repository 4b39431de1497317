"""Stand-in for the Security Hub and Lambda calls moto does not answer, bound to 127.0.0.1 only.

- Security Hub's BatchUpdateFindings (PATCH /findings/batchupdate, /findingsv2/batchupdatev2), answered the way AWS
  does when every finding is processed;
- Security Hub's action targets (POST /actionTargets/get lists them, POST /actionTargets creates one and answers
  409 ResourceConflictException for an id that exists), which the custom-actions function manages;
- Lambda's asynchronous Invoke (POST /2015-03-31/functions/<name>/invocations → 202), where BlockAddresses hands
  queued events to the ticket stage.

GET /calls answers the counts and every request received in order ("METHOD /path"), which bench/cold/run.py
--calls compares between the Java function and the Python reference; POST /reset forgets requests and action
targets. Baseline tooling for bench/, not product code.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse

CALLS = {"count": 0, "invocations": 0}
REQUESTS = []
ACTION_TARGETS = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _request(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        path = urlparse(self.path).path
        REQUESTS.append(f"{self.command} {path}")
        return path, json.loads(body or b"{}")

    def do_PATCH(self):
        _, request = self._request()
        CALLS["count"] += 1
        self._answer(200, {"ProcessedFindings": request.get("FindingIdentifiers", []), "UnprocessedFindings": []})

    def do_POST(self):
        if self.path == "/reset":
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            CALLS.update(count=0, invocations=0)
            REQUESTS.clear()
            ACTION_TARGETS.clear()
            self._answer(200, {})
            return
        path, request = self._request()
        if path.startswith("/2015-03-31/functions/") and path.endswith("/invocations"):
            CALLS["invocations"] += 1
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/actionTargets/get":
            self._answer(200, {"ActionTargets": list(ACTION_TARGETS.values())})
        elif path == "/actionTargets":
            arn = f"arn:aws:securityhub:us-east-1:123456789012:action/custom/{request['Id']}"
            if arn in ACTION_TARGETS:
                self._answer(409, {"Message": f"{arn} exists"},
                             headers=[("x-amzn-ErrorType", "ResourceConflictException")])
                return
            ACTION_TARGETS[arn] = {"ActionTargetArn": arn, "Name": request["Name"],
                                   "Description": request["Description"]}
            self._answer(200, {"ActionTargetArn": arn})
        else:
            self._answer(404, {"message": "not stubbed: " + unquote(path)})

    def do_GET(self):
        self._answer(200, {"calls": CALLS["count"], "invocations": CALLS["invocations"], "requests": REQUESTS})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()

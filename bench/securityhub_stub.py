"""Stand-in for Security Hub's BatchUpdateFindings (moto answers 404), bound to 127.0.0.1 only.

Answers PATCH /findings/batchupdate and /findingsv2/batchupdatev2 the way AWS does when every finding is
processed, and counts the calls it received (GET /calls). Also answers Lambda's asynchronous Invoke
(POST /2015-03-31/functions/<name>/invocations → 202), where BlockAddresses hands queued events to the ticket
stage, and counts those (GET /invocations). Baseline tooling for bench/, not product code.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CALLS = {"count": 0, "invocations": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PATCH(self):
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        CALLS["count"] += 1
        if self.path.startswith("/findingsv2"):
            ids = request.get("FindingIdentifiers", [])
            self._answer(200, {"ProcessedFindings": ids, "UnprocessedFindings": []})
        else:
            ids = request.get("FindingIdentifiers", [])
            self._answer(200, {"ProcessedFindings": ids, "UnprocessedFindings": []})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        if self.path.startswith("/2015-03-31/functions/") and self.path.endswith("/invocations"):
            CALLS["invocations"] += 1
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._answer(404, {"message": "not stubbed: " + self.path})

    def do_GET(self):
        self._answer(200, {"calls": CALLS["count"], "invocations": CALLS["invocations"]})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()

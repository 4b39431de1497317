"""Stand-in for Jira Cloud's REST API v3 as the ticket stage uses it, bound to 127.0.0.1 only.

POST /rest/api/3/search/jql finds nothing (a finding without a ticket yet); POST /rest/api/3/issue answers 201 with
the new issue, as Jira does. GET /calls answers every request received in order ("METHOD /path"), which
bench/cold/run.py --calls compares between the Java function and the Python reference; POST /reset forgets them.
Baseline tooling for bench/, not product code.

usage: ticket_stub.py <port>
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

REQUESTS = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        path = urlparse(self.path).path
        if path == "/reset":
            REQUESTS.clear()
            self._answer(200, {})
            return
        REQUESTS.append(f"POST {path}")
        if path == "/rest/api/3/search/jql":
            self._answer(200, {"issues": [], "isLast": True})
        elif path == "/rest/api/3/issue":
            self._answer(201, {"id": "10001", "key": "SEC-1", "self": "http://127.0.0.1/rest/api/3/issue/10001"})
        else:
            self._answer(404, {"errorMessages": ["not stubbed: " + path]})

    def do_GET(self):
        self._answer(200, {"requests": REQUESTS})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()

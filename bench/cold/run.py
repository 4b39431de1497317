"""Cold-invoke benchmark: for each function, a fresh JVM runs the function's handler once on one event (from
events/, or for the functions no finding triggers, the input their trigger in template.yaml delivers: events/ here)
against a local moto server (plus securityhub_stub.py for the Security Hub and Lambda calls moto lacks, and
ticket_stub.py for the ticket provider's API), timed as a whole process, alternating with the Python 3 + boto3
reference (reference.py) making the same calls for the same event. Each run gets a freshly reset emulator and
stubs with the same resources (world.py, untimed).

usage: run.py [--rounds N] [--functions a,b] [--java-opts "..."] [--classes] [--no-runtime-options] [--calls]
Prints a Markdown table: median wall time of each, median Java/Python ratio (of wall times, per round), median
CPU time (user + system: steadier than wall time on a shared machine), peak RSS (from /usr/bin/time -v).
With --calls, times nothing: runs each side once and compares the calls they made (moto's request recorder and
the stubs' request logs), printing the counts and any difference; exits 1 when a reference has drifted.
"""
import argparse
import collections
import difflib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in bench/cold from importing calls.py
from calls import recorded  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

FUNCTIONS = {
    "ec2-quarantine": ("dev.hubresponder.functions.ec2.QuarantineInstanceHandler::handleRequest",
                       "QuarantineInstance", "events/guardduty-ec2-c2-actor-high.json"),
    "ecs-stop-task": ("dev.hubresponder.functions.ecs.StopTaskHandler::handleRequest", "StopTask",
                      "events/guardduty-ecs-runtime-reverse-shell-high.json"),
    "waf-block": ("dev.hubresponder.functions.waf.BlockAddressesHandler::handleRequest", "BlockAddresses",
                  "events/guardduty-attack-sequence-ec2-instance-group-critical.json"),
    "revoke-credentials": ("dev.hubresponder.functions.credentials.RevokeCredentialsHandler::handleRequest",
                           "RevokeCredentials",
                           "events/guardduty-iam-instance-credential-exfiltration-outside-aws-high.json"),
    "waf-expiry": ("dev.hubresponder.functions.waf.ExpireBlocksHandler::handleRequest", "ExpireBlocks",
                   "bench/cold/events/expire-blocks-schedule.json"),
    "ticket": ("dev.hubresponder.functions.ticket.CreateTicketHandler::handleRequest", "CreateTicket",
               "events/guardduty-ec2-tor-client-high.json"),
    "alert": ("dev.hubresponder.functions.alert.SendAlertHandler::handleRequest", "SendAlert",
              "events/guardduty-ec2-bitcoin-dns-actor-high.json"),
    "digest": ("dev.hubresponder.functions.digest.SendDigestHandler::handleRequest", "SendDigest",
               "bench/cold/events/digest-daily.json"),
    "custom-actions": ("dev.hubresponder.functions.customactions.ActionTargetsHandler::handleRequest",
                       "ActionTargets", "bench/cold/events/action-targets-create.json"),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url):
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing answers at {url}")


def post(url):
    urllib.request.urlopen(urllib.request.Request(url, method="POST", data=b""))


def shaded_jar(module, jar_dir=None):
    folder = Path(jar_dir) / module if jar_dir else ROOT / "functions" / module / "target"
    jars = [p for p in folder.glob("*.jar")
            if not p.name.startswith("original-") and not p.name.endswith(("-sources.jar", "-tests.jar"))]
    if not jars:
        sys.exit(f"no jar for functions/{module}: run bench/run.sh (it builds them)")
    return max(jars, key=lambda p: p.stat().st_size)


def lambda_jvm_options():
    """The JVM options a function gets in Lambda: what the java runtime itself passes, then JAVA_TOOL_OPTIONS.

    The runtime starts the JVM with the serial collector (AWS Lambda guide, "Customize Java runtime startup
    behavior") and with heap, metaspace and code cache sized from the function's memory: 85 %, 10 % and 5 % of it
    (the runtime's command line, as published in DataDog/datadog-lambda-extension#117). The JVM also sizes its
    initial heap from the memory it sees, which in Lambda is the function's MemorySize, not this machine's: MaxRAM
    says so. MemorySize and JAVA_TOOL_OPTIONS are read from template.yaml's Globals, so the benchmark follows them.
    """
    template = (ROOT / "template.yaml").read_text()
    start = template.find("\nGlobals:")

    def setting(pattern, what):
        found = re.search(pattern, template[start:], re.M) if start >= 0 else None
        if not found:
            sys.exit(f"template.yaml: no {what} under Globals: Function: the cold benchmark starts the JVM from it")
        return found.group(1).strip()

    memory_mb = int(setting(r"^    MemorySize: (\d+)$", "MemorySize"))
    tool_options = setting(r"^        JAVA_TOOL_OPTIONS: (.+)$", "Environment: Variables: JAVA_TOOL_OPTIONS")
    memory_kb = memory_mb * 1024
    runtime = (f"-XX:MaxRAM={memory_mb}m -XX:MaxHeapSize={memory_kb * 85 // 100}k "
               f"-XX:MaxMetaspaceSize={memory_kb // 10}k -XX:ReservedCodeCacheSize={memory_kb // 20}k "
               "-XX:+UseSerialGC")
    return runtime, tool_options, memory_mb


def timed(command, env):
    """Runs command under /usr/bin/time -v; returns (wall s, peak RSS MB, exit code, output, CPU s)."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v"] + command, env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = sum(float(t) for t in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr))
    return (wall, int(rss.group(1)) / 1024 if rss else float("nan"), done.returncode, done.stdout + done.stderr,
            cpu)


def called(endpoint, stub, ticket_api):
    """What one run called: moto's recording, then each stub's requests (each list in the order received)."""
    return {"AWS (moto)": recorded(endpoint),
            "Security Hub / Lambda stub": json.load(urllib.request.urlopen(stub + "/calls"))["requests"],
            "ticket API stub": json.load(urllib.request.urlopen(ticket_api + "/calls"))["requests"]}


def by_service(calls):
    """'DynamoDB_20120810.PutItem' -> DynamoDB 1, ...: the count per service, as a short text."""
    services = collections.Counter(re.split(r"[._]", c, maxsplit=1)[0] for c in calls)
    return ", ".join(f"{service} {n}" for service, n in services.most_common())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--functions", default=",".join(FUNCTIONS))
    parser.add_argument("--java-opts", default="", help="added after the template's JAVA_TOOL_OPTIONS")
    parser.add_argument("--classes", action="store_true", help="also count loaded classes (one extra Java run)")
    parser.add_argument("--jar-dir", help="take <dir>/<function>/*.jar instead of the build's (before/after runs)")
    parser.add_argument("--event", help="an events/ file for every function instead of each one's own")
    parser.add_argument("--no-runtime-options", action="store_true",
                        help="this machine's JVM defaults instead of the Lambda runtime's options (before/after)")
    parser.add_argument("--java-only", action="store_true", help="skip the Python reference (levers, A/B)")
    parser.add_argument("--calls", action="store_true",
                        help="time nothing: compare the calls of the Java function and of the Python reference")
    args = parser.parse_args()

    runtime_options, tool_options, memory_mb = lambda_jvm_options()
    if args.no_runtime_options:
        runtime_options = ""
    print(f"JVM as Lambda starts it: {runtime_options or '(defaults of this machine)'}; "
          f"JAVA_TOOL_OPTIONS={tool_options}", flush=True)
    moto_port, stub_port, ticket_port = free_port(), free_port(), free_port()
    scratch = tempfile.TemporaryDirectory()
    # In a scratch folder: moto's request recorder writes its file into the working directory.
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(moto_port)], cwd=scratch.name,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stubs = [subprocess.Popen([sys.executable, str(HERE.parent / "securityhub_stub.py"), str(stub_port)]),
             subprocess.Popen([sys.executable, str(HERE / "ticket_stub.py"), str(ticket_port)])]
    endpoint = f"http://127.0.0.1:{moto_port}"
    stub, ticket_api = f"http://127.0.0.1:{stub_port}", f"http://127.0.0.1:{ticket_port}"
    drifted = []
    try:
        wait_for(endpoint + "/moto-api/")
        wait_for(stub + "/calls")
        wait_for(ticket_api + "/calls")
        base = {"PATH": os.environ["PATH"], "HOME": os.environ["HOME"], "AWS_REGION": "us-east-1",
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL": endpoint,
                "AWS_ENDPOINT_URL_SECURITYHUB": stub, "AWS_ENDPOINT_URL_LAMBDA": stub,
                "POWERTOOLS_METRICS_NAMESPACE": "HubResponder", "POWERTOOLS_LOG_LEVEL": "INFO"}
        if args.calls:
            print("| function | event | calls (same in Java and Python?) | AWS calls by service | stub calls |")
            print("|---|---|---|---|---|")
        else:
            print(f"| function | Java median s | Python median s | median Java/Python | Java CPU s | Python CPU s | "
                  f"Java peak RSS MB | Python peak RSS MB |{' classes loaded |' if args.classes else ''}")
            print(f"|---|---|---|---|---|---|---|---|{'---|' if args.classes else ''}")
        for name in args.functions.split(","):
            handler, logical, event = FUNCTIONS[name]
            event = ROOT / "events" / args.event if args.event else ROOT / event
            jar = shaded_jar(name, args.jar_dir)
            java, python, ratios, java_rss, python_rss = [], [], [], [], []
            java_cpu, python_cpu = [], []
            with tempfile.TemporaryDirectory() as work:
                def prepare():
                    post(endpoint + "/moto-api/reset")
                    post(stub + "/reset")
                    post(ticket_api + "/reset")
                    subprocess.run([sys.executable, str(HERE / "world.py"), name, str(event), endpoint, work,
                                    ticket_api], check=True)
                    if args.calls:
                        # Recording starts once world.py has built the world: only the run's own calls count.
                        post(endpoint + "/moto-api/recorder/reset-recording")
                        post(endpoint + "/moto-api/recorder/start-recording")
                    env = dict(base)
                    env.update(json.loads(Path(work, "env.json").read_text()))
                    env["POWERTOOLS_SERVICE_NAME"] = logical
                    return env

                def run_java(extra=""):
                    env = prepare()
                    env["JAVA_TOOL_OPTIONS"] = " ".join(o for o in (tool_options, args.java_opts, extra) if o)
                    env["AWS_LAMBDA_FUNCTION_NAME"] = logical
                    # LambdaBootstrap's Lambda context is testkit's LocalLambdaContext: after the jar, as
                    # ./responder invoke puts it, so that the function's own classes come first.
                    classpath = f"{ROOT / 'cli/target/classes'}:{jar}:{ROOT / 'testkit/target/classes'}"
                    command = ["java", *runtime_options.split(), "-cp", classpath,
                               "dev.hubresponder.cli.LambdaBootstrap", handler, str(Path(work, "event.json")),
                               str(Path(work, "result.json")), logical, "60", str(memory_mb)]
                    wall, rss, code, out, cpu = timed(command, env)
                    if code != 0:
                        sys.exit(f"{name}: Java run failed ({code}):\n{out[-3000:]}")
                    return wall, rss, out, cpu

                def run_python():
                    env = prepare()
                    wall, rss, code, out, cpu = timed([sys.executable, str(HERE / "reference.py"), name,
                                                      str(Path(work, "event.json"))], env)
                    if code != 0:
                        sys.exit(f"{name}: Python reference failed ({code}):\n{out[-3000:]}")
                    return wall, rss, out, cpu

                if args.calls:
                    made = {}
                    for side, run in (("Java", run_java), ("Python", run_python)):
                        run()
                        post(endpoint + "/moto-api/recorder/stop-recording")
                        made[side] = called(endpoint, stub, ticket_api)
                    same = made["Java"] == made["Python"]
                    if not same:
                        drifted.append(name)
                    aws = made["Java"]["AWS (moto)"]
                    others = "; ".join(f"{source}: " + ", ".join(f"{call} {n}" for call, n in
                                                                 collections.Counter(requests).items())
                                       for source, requests in made["Java"].items()
                                       if source != "AWS (moto)" and requests)
                    total = sum(len(c) for c in made["Java"].values())
                    print(f"| {name} | {event.name} | {total} ({'same' if same else 'DIFFERENT'}) | "
                          f"{len(aws)}: {by_service(aws)} | {others or '-'} |", flush=True)
                    for source in made["Java"]:
                        if made["Java"][source] != made["Python"][source]:
                            print("\n".join(difflib.unified_diff(made["Java"][source], made["Python"][source],
                                                                  f"{name} Java: {source}",
                                                                  f"{name} Python: {source}", lineterm="")))
                    continue

                if args.java_only:
                    def run_python():
                        return float("nan"), float("nan"), "", float("nan")
                for round_ in range(args.rounds):
                    order = (run_java, run_python) if round_ % 2 == 0 else (run_python, run_java)
                    results = {}
                    for run in order:
                        results[run] = run()
                    java.append(results[run_java][0])
                    java_rss.append(results[run_java][1])
                    python.append(results[run_python][0])
                    python_rss.append(results[run_python][1])
                    java_cpu.append(results[run_java][3])
                    python_cpu.append(results[run_python][3])
                    ratios.append(java[-1] / python[-1])
                classes = ""
                if args.classes:
                    out = run_java("-Xlog:class+load=info:stdout")[2]
                    loaded = len(re.findall(r"\[class,load\]", out))
                    classes = f" {loaded} |"
            print(f"| {name} | {statistics.median(java):.2f} | {statistics.median(python):.2f} | "
                  f"{statistics.median(ratios):.2f} | {statistics.median(java_cpu):.2f} | "
                  f"{statistics.median(python_cpu):.2f} | {max(java_rss):.0f} | {max(python_rss):.0f} |{classes}",
                  flush=True)
    finally:
        for process in (moto, *stubs):
            process.terminate()
            process.wait()
        scratch.cleanup()
    if drifted:
        sys.exit(f"the reference makes other calls than the Java function for: {', '.join(drifted)}")

if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# One command per benchmark (see BENCHMARKS.md at the repository root):
#   bench/run.sh cold [rounds]      fresh-JVM invoke of each function vs the Python + boto3 reference, on moto
#                                   (first checks that each reference makes the same calls as its function)
#   bench/run.sh warm               JMH: intake + routing + guards per finding, in-process, one thread
#   bench/run.sh burst [count]      1,000 findings through BlockAddresses on moto, per event and in queue batches
#   bench/run.sh footprint          each function's deployment artifact (shaded jar)
#   bench/run.sh logging [runs]     what log4j + Powertools logging set-up alone costs a cold JVM (waf-block's jar)
#   bench/run.sh all
# Needs moto_server, python3 and boto3 ($HOME/.pyenv/shims is put on PATH). Builds what it runs, offline if it can.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.pyenv/shims:$PATH"
command -v moto_server >/dev/null || { echo "moto_server not found (expected in \$HOME/.pyenv/shims)" >&2; exit 1; }
MVN=(./mvnw -q -B)
if [ -d "$HOME/.m2/repository/org/openjdk/jmh/jmh-generator-annprocess" ]; then MVN+=(-o); fi
FUNCTIONS=(ec2-quarantine ecs-stop-task waf-block revoke-credentials waf-expiry ticket alert digest custom-actions)

machine() {
  echo "machine: $(nproc) CPUs, $(free -h | awk '/^Mem:/ {print $2}') RAM, $(java -version 2>&1 | head -1), $(python3 --version), boto3 $(python3 -c 'import boto3; print(boto3.__version__)'), $(date -u +%Y-%m-%dT%H:%MZ)"
}

# Extra modules as arguments (cold: testkit, whose Lambda context LambdaBootstrap runs the handler with).
build_functions() {
  local modules
  modules=$(printf 'functions/%s,' "${FUNCTIONS[@]}")
  "${MVN[@]}" -DskipTests -pl "$(printf '%s,' cli "$@")${modules%,}" -am package
}

footprint() {
  build_functions
  echo "| function | artifact | size MB |"
  echo "|---|---|---|"
  for f in "${FUNCTIONS[@]}"; do
    jar=$(ls -S functions/"$f"/target/*.jar | grep -v -e '/original-' -e '-sources\.jar$' -e '-tests\.jar$' | head -1)
    printf '| %s | %s | %.1f |\n' "$f" "$(basename "$jar")" "$(echo "$(stat -c %s "$jar") / 1048576" | bc -l)"
  done
}

cold() {
  local functions
  functions=$(IFS=,; echo "${FUNCTIONS[*]}")
  build_functions testkit
  # Every reference must make the calls its Java function makes before the two are timed side by side.
  python3 bench/cold/run.py --calls --functions "$functions"
  python3 bench/cold/run.py --rounds "${1:-5}" --classes --functions "$functions"
}

bench_classpath() {
  # The build's own output (TrimSdkClients reports what it kept) goes to stderr: stdout is the class path.
  "${MVN[@]}" -DskipTests -pl bench -am package dependency:build-classpath -Dmdep.outputFile="$ROOT/bench/target/classpath.txt" >&2
  echo "$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/classpath.txt")"
}

warm() {
  local cp
  cp=$(bench_classpath)
  java -Devents="$ROOT/events" -cp "$cp" org.openjdk.jmh.Main -rf json -rff "$ROOT/bench/target/jmh.json" \
    PlanningBenchmark | tee "$ROOT/bench/target/jmh.txt"
  python3 - "$ROOT/bench/target/jmh.json" "$ROOT/bench/target/jmh.txt" <<'PY'
import json, re, sys
results = {r["benchmark"].rsplit(".", 1)[1]: r for r in json.load(open(sys.argv[1]))}
findings = int(re.search(r"findings per pass: (\d+)", open(sys.argv[2]).read()).group(1))
passes = results["planEveryEvent"]["primaryMetric"]["score"]
parse = results["parseEveryEventOnly"]["primaryMetric"]["score"]
latency = results["planOneEvent"]["primaryMetric"]["scorePercentiles"]
print(f"findings/s, one thread: {passes * findings:.0f} through intake + routing + guards, "
      f"{parse * findings:.0f} through Jackson's readTree alone ({findings} findings per pass over events/)")
print(f"one event: p50 {latency['50.0']:.1f} us, p99 {latency['99.0']:.1f} us, p99.9 {latency['99.9']:.1f} us")
PY
}

burst() {
  local count=${1:-1000} cp port work pid
  cp=$(bench_classpath)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  stub=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  work=$(mktemp -d)
  # In the scratch folder: moto's request recorder writes its file into the working directory.
  (cd "$work" && exec moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1) & pid=$!
  python3 bench/securityhub_stub.py "$stub" & stubpid=$!
  trap 'kill $pid $stubpid 2>/dev/null; rm -rf "$work"' RETURN
  until curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null; do sleep 0.2; done
  echo "| arrival | findings | invocations | wall s | UpdateIPSet calls | findings acted on | addresses in the set | lost |"
  echo "|---|---|---|---|---|---|---|---|"
  for mode in per-event batch:100 batch:500; do
    curl -sf -X POST "http://127.0.0.1:$port/moto-api/reset" >/dev/null
    python3 bench/cold/world.py waf-block events/guardduty-attack-sequence-ec2-instance-group-critical.json \
      "http://127.0.0.1:$port" "$work"
    env $(python3 -c "import json,sys; print(' '.join(k+'='+v for k,v in json.load(open(sys.argv[1])).items()))" "$work/env.json") \
      AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
      AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ENDPOINT_URL_SECURITYHUB="http://127.0.0.1:$stub" \
      AWS_ENDPOINT_URL_LAMBDA="http://127.0.0.1:$stub" \
      RESPONDER_NEXT_STAGE_FUNCTION=arn:aws:lambda:us-east-1:123456789012:function:CreateTicket:live \
      POWERTOOLS_SERVICE_NAME=BlockAddresses POWERTOOLS_METRICS_NAMESPACE=HubResponder \
      AWS_LAMBDA_FUNCTION_NAME=BlockAddresses \
      JAVA_TOOL_OPTIONS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1" \
      java -cp "$cp" dev.hubresponder.bench.WafBurst "$mode" "$count" \
      events/guardduty-attack-sequence-ec2-instance-group-critical.json "http://127.0.0.1:$port" >"$work/function.log" 2>&1 \
      || { tail -20 "$work/function.log" >&2; return 1; }
    grep '^| ' "$work/function.log"
  done
}

logging() {
  local runs=${1:-10} cp jar
  cp=$(bench_classpath)
  jar=$(ls -S functions/waf-block/target/*.jar | grep -v -e '/original-' | head -1)
  python3 - "$runs" "$ROOT/bench/target/classes:$jar" <<'PY'
import re, statistics, subprocess, sys
runs, cp = int(sys.argv[1]), sys.argv[2]
env = {"PATH": "/usr/bin:/bin", "JAVA_TOOL_OPTIONS": "-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
       "POWERTOOLS_SERVICE_NAME": "bench"}
print("| JVM doing | median CPU s | median wall s | classes loaded |")
print("|---|---|---|---|")
for mode in ("none", "log"):
    cpu, wall = [], []
    for _ in range(runs):
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %e", "java", "-cp", cp,
                               "dev.hubresponder.bench.LoggingStartup", mode], env=env, capture_output=True, text=True)
        user, system, elapsed = map(float, done.stderr.strip().splitlines()[-1].split())
        cpu.append(user + system)
        wall.append(elapsed)
    classes = subprocess.run(["java", "-Xlog:class+load=info:stdout", "-cp", cp, "dev.hubresponder.bench.LoggingStartup",
                              mode], env=env, capture_output=True, text=True).stdout.count("[class,load]")
    label = "start and exit" if mode == "none" else "start, set up logging, log one structured line, exit"
    print(f"| {label} | {statistics.median(cpu):.2f} | {statistics.median(wall):.2f} | {classes} |")
PY
}

machine
case "${1:-}" in
  cold) cold "${2:-5}" ;;
  warm) warm ;;
  burst) burst "${2:-1000}" ;;
  footprint) footprint ;;
  logging) logging "${2:-10}" ;;
  all) footprint; cold 5; warm; burst 1000 ;;
  *) echo "usage: bench/run.sh cold [rounds] | warm | burst [count] | footprint | logging [runs] | all" >&2; exit 2 ;;
esac

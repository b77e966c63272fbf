#!/usr/bin/env bash
# Cost of runtime data observation under load (docs/benchmarks.md, "Data governance"): the plain servlet
# testbed (testbeds/request-app on embedded Tomcat 10.1) serving /customers?count=3 (a JSON customer list
# with resident IDs, cards and mobiles, written as bytes) is loaded by wrk in three modes per round:
#   off     no agent
#   nodata  the agent with its default policy but the data aspect disabled
#   agent   the agent with its default policy: data observation at the default sampling rate (1%)
# The "agent" against "nodata" ratio is the cost of observation; against "off", of the whole agent.
# Rounds rotate the order of the modes so that drift of the shared machine falls on all of them.
#
#   bench/run-data-load.sh [--rounds 3] [--seconds 20] [--warmup 10] [--connections 16] [--path /customers?count=3]
#
# Needs wrk (Debian package `wrk`), the built agent jar and request app (mvn -B install -DskipTests).
# Results: bench/target/data-load/summary.txt and the raw wrk outputs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3 SECONDS_RUN=20 WARMUP=10 CONNECTIONS=16 URLPATH='/customers?count=3'
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --seconds) SECONDS_RUN="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --path) URLPATH="$2"; shift 2 ;;
    *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }
AGENT_JAR="${AGENT_JAR:-$ROOT/agent/dist/target/secplane-agent.jar}"
APP="$ROOT/testbeds/request-app/target/request-app"
[[ -f "$AGENT_JAR" ]] || { echo "no agent jar at $AGENT_JAR: run 'mvn -B install -DskipTests' first" >&2; exit 2; }
[[ -d "$APP/lib/tomcat" ]] || { echo "no built request app at $APP: run 'mvn -B install -DskipTests' first" >&2; exit 2; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT="$ROOT/bench/target/data-load"
rm -rf "$OUT" && mkdir -p "$OUT"
APP_PID="" HOLD_PID=""
stop_app() {
  [[ -n "$APP_PID" ]] && { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; }
  [[ -n "$HOLD_PID" ]] && { kill "$HOLD_PID" 2>/dev/null || true; wait "$HOLD_PID" 2>/dev/null || true; }
  APP_PID="" HOLD_PID=""
}
trap stop_app EXIT

# start_app <mode> <dir>: starts the app (its stdin held open by a fifo), sets APP_PID and PORT
start_app() {
  local mode="$1" dir="$2"
  mkdir -p "$dir/docs" "$dir/data"
  mkfifo "$dir/stdin"
  sleep 100000 > "$dir/stdin" &
  HOLD_PID=$!
  local agent=()
  case "$mode" in
    nodata) printf '{"version": "nodata", "aspects": {"data": {"enabled": false}}}\n' > "$dir/policy.json"
            agent=("-javaagent:$AGENT_JAR=data=$dir/data,policy=$dir/policy.json") ;;
    agent)  agent=("-javaagent:$AGENT_JAR=data=$dir/data") ;;
  esac
  "$JAVA" -Xms512m -Xmx512m "${agent[@]}" -cp "$APP/lib/app/*:$APP/lib/tomcat/*" secplane.testbeds.requests.RequestApp \
    tomcat "$dir/docs" < "$dir/stdin" > "$dir/app.out" 2> "$dir/app.err" &
  APP_PID=$!
  for _ in $(seq 1 600); do
    PORT=$(sed -n 's/^REQUEST-APP READY port=\([0-9]*\).*/\1/p' "$dir/app.out" 2>/dev/null | head -1)
    [[ -n "$PORT" ]] && return 0
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app did not start; see $dir/app.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "the app did not report its port within 60 s; see $dir/app.out" >&2; exit 1
}

parse() {
  awk '/^Requests\/sec:/ { rps = $2 } /Non-2xx or 3xx responses:/ { bad = $5 }
       END { printf "%s %d\n", rps, bad + 0 }' "$1"
}

echo "request app on tomcat, GET $URLPATH, $ROUNDS rounds, wrk -t1 -c$CONNECTIONS, ${WARMUP}s warm-up + ${SECONDS_RUN}s measured, $("$JAVA" -version 2>&1 | head -1)"
printf '%-6s %-7s %12s %8s %8s\n' round mode "requests/s" non-2xx events | tee "$OUT/summary.txt"
orders=("off nodata agent" "agent off nodata" "nodata agent off")
for round in $(seq 1 "$ROUNDS"); do
  for mode in ${orders[$(( (round - 1) % 3 ))]}; do
    dir="$OUT/round$round-$mode"
    start_app "$mode" "$dir"
    wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$PORT$URLPATH" > "$dir/warmup.txt"
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" "http://127.0.0.1:$PORT$URLPATH" > "$dir/wrk.txt"
    stop_app
    events=0
    [[ -f "$dir/data/events.jsonl" ]] && events=$(grep -c '"rule":"data.response-mask"' "$dir/data/events.jsonl" || true)
    read -r rps bad < <(parse "$dir/wrk.txt")
    printf '%-6s %-7s %12s %8s %8s\n' "$round" "$mode" "$rps" "$bad" "$events" | tee -a "$OUT/summary.txt"
  done
done
awk 'NR > 1 { n[$2]++; rps[$2] += $3 }
     END {
       printf "\nmean over rounds: off %.0f req/s, nodata %.0f req/s, agent %.0f req/s\n", rps["off"] / n["off"], rps["nodata"] / n["nodata"], rps["agent"] / n["agent"]
       printf "observation at the default sampling rate: %.1f%% of the throughput without it (agent / nodata); whole agent: %.1f%% of no agent\n",
         100 * rps["agent"] / rps["nodata"], 100 * rps["agent"] / rps["off"]
     }' "$OUT/summary.txt" | tee -a "$OUT/summary.txt"

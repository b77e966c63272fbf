#!/usr/bin/env bash
# Throughput and latency of the injection testbed with and without the agent in block mode
# (docs/benchmarks.md, "Request-aware protection under load"). The same app (testbeds/injection-app,
# embedded Tomcat 10.1 or Jetty 12) is started on 127.0.0.1 alternately without and with
# -javaagent (default policy: every injection rule blocks, reflected XSS observes), warmed up, then
# loaded by wrk with the mixed benign workload testbeds/injection-app/load/mixed.lua (every request
# reaches a real sink: H2, a file, LDAP, XPath, SpEL, XML parsers, HTML output, a process start).
# Rounds alternate the order (off/on, on/off, ...) so that drift of the shared machine falls on both.
#
#   bench/run-injection-load.sh [--server tomcat|jetty] [--rounds 4] [--seconds 30] [--warmup 15]
#                               [--connections 16] [--threads 1]
#
# Each app gets a warm-up, then a throughput run at --connections (saturated: requests/s), then a
# latency run on one connection (closed loop, no queueing: the p50/p99 a single client sees), so
# that the latency added by the agent is not hidden in the queueing of a saturated server.
#
# Needs wrk (Debian package `wrk`), the built agent jar and the built injection app
# (mvn -B install -DskipTests builds both). Every run stops by itself; each app is killed at the end
# of its round. Results: bench/target/injection-load/summary.txt and the raw wrk outputs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER=tomcat ROUNDS=4 SECONDS_RUN=30 WARMUP=15 CONNECTIONS=16 THREADS=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --server) SERVER="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --seconds) SECONDS_RUN="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 2; }
AGENT_JAR="${AGENT_JAR:-$ROOT/agent/dist/target/secplane-agent.jar}"
APP="$ROOT/testbeds/injection-app/target/injection-app"
[[ -f "$AGENT_JAR" ]] || { echo "no agent jar at $AGENT_JAR: run 'mvn -B install -DskipTests' first" >&2; exit 2; }
[[ -d "$APP/lib/$SERVER" ]] || { echo "no built injection app at $APP: run 'mvn -B install -DskipTests' first" >&2; exit 2; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT="$ROOT/bench/target/injection-load"
rm -rf "$OUT" && mkdir -p "$OUT"
APP_PID=""
cleanup() { [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null; true; }
trap cleanup EXIT

# start_app <mode> <dir>: starts the app, sets APP_PID and PORT
start_app() {
  local mode="$1" dir="$2"
  mkdir -p "$dir/work" "$dir/data"
  printf '127.0.0.1 localhost %s\n::1 localhost\n' "$(hostname)" > "$dir/hosts"
  local agent=()
  [[ "$mode" == "agent" ]] && agent=("-javaagent:$AGENT_JAR=data=$dir/data")
  "$JAVA" -Xms512m -Xmx512m "${agent[@]}" -Djdk.net.hosts.file="$dir/hosts" \
    -cp "$APP/lib/app/*:$APP/lib/$SERVER/*" secplane.testbeds.injection.InjectionApp \
    --server "$SERVER" --port 0 --work "$dir/work" --ignore-stdin > "$dir/app.out" 2> "$dir/app.err" &
  APP_PID=$!
  for _ in $(seq 1 600); do
    PORT=$(sed -n 's/^INJECTION-APP READY port=\([0-9]*\).*/\1/p' "$dir/app.out" 2>/dev/null | head -1)
    [[ -n "$PORT" ]] && return 0
    kill -0 "$APP_PID" 2>/dev/null || { echo "the app did not start; see $dir/app.err" >&2; exit 1; }
    sleep 0.1
  done
  echo "the app did not report its port within 60 s; see $dir/app.out" >&2; exit 1
}

stop_app() { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }

# p99 and p50 of a wrk --latency output, in ms; requests/s; non-2xx count
parse() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    END { printf "%s %.3f %.3f %.3f %d\n", rps, p50, p90, p99, bad + 0 }' "$1"
}

echo "injection app on $SERVER, $ROUNDS rounds, wrk -t$THREADS -c$CONNECTIONS, ${WARMUP}s warm-up + ${SECONDS_RUN}s measured, $("$JAVA" -version 2>&1 | head -1)"
printf '%-6s %-6s %12s %9s %9s %9s %8s %8s\n' round mode "requests/s" "1c p50 ms" "1c p90 ms" "1c p99 ms" non-2xx blocks | tee "$OUT/summary.txt"
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 == 1 )); then order="off agent"; else order="agent off"; fi
  for mode in $order; do
    dir="$OUT/round$round-$mode"
    start_app "$mode" "$dir"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$ROOT/testbeds/injection-app/load/mixed.lua" "http://127.0.0.1:$PORT" > "$dir/warmup.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s "$ROOT/testbeds/injection-app/load/mixed.lua" "http://127.0.0.1:$PORT" > "$dir/wrk.txt"
    wrk -t1 -c1 -d"${SECONDS_RUN}s" --latency -s "$ROOT/testbeds/injection-app/load/mixed.lua" "http://127.0.0.1:$PORT" > "$dir/wrk-1c.txt"
    stop_app
    blocks=0
    [[ -f "$dir/data/events.jsonl" ]] && blocks=$(grep -c '"verdict":"block"' "$dir/data/events.jsonl" || true)
    read -r rps _ _ _ bad < <(parse "$dir/wrk.txt")
    read -r _ p50 p90 p99 bad1 < <(parse "$dir/wrk-1c.txt")
    bad=$((bad + bad1))
    printf '%-6s %-6s %12s %9s %9s %9s %8s %8s\n' "$round" "$mode" "$rps" "$p50" "$p90" "$p99" "$bad" "$blocks" | tee -a "$OUT/summary.txt"
  done
done
awk 'NR > 1 { n[$2]++; rps[$2] += $3; p99[$2] += $6; p50[$2] += $4 }
     END {
       printf "\nmean over rounds: off %.0f req/s (one connection: p50 %.3f ms, p99 %.3f ms); agent %.0f req/s (p50 %.3f ms, p99 %.3f ms)\n",
         rps["off"] / n["off"], p50["off"] / n["off"], p99["off"] / n["off"], rps["agent"] / n["agent"], p50["agent"] / n["agent"], p99["agent"] / n["agent"]
       printf "throughput with the agent: %.1f%% of without; p99 added (one connection): %+.3f ms\n",
         100 * rps["agent"] / rps["off"], p99["agent"] / n["agent"] - p99["off"] / n["off"]
     }' "$OUT/summary.txt" | tee -a "$OUT/summary.txt"

#!/usr/bin/env bash
# Cost of runtime data observation under load (docs/benchmarks.md, "Data governance"): the plain servlet
# testbed (testbeds/request-app on embedded Tomcat 10.1) serving /customers?count=3 (a JSON customer list
# with resident IDs, cards and mobiles, written as bytes) is loaded by wrk in three modes per round:
#   off     no agent
#   nodata  the agent with its default policy but the data aspect disabled
#   agent   the agent with its default policy: data observation at the default sampling rate (1%)
# The "agent" against "nodata" ratio is the cost of observation; against "off", of the whole agent.
# Rounds rotate the order of the modes so that drift of the shared machine falls on all of them.
# Besides throughput, each run records the CPU time the app's process spent during the measured wrk run
# (/proc/<pid>/stat utime + stime) per request served: on a shared machine the CPU cost of a request
# varies far less than the requests a second. Per round, agent/nodata ratios of both are taken, and the
# summary gives their median and range over the rounds.
#
#   bench/run-data-load.sh [--rounds 3] [--seconds 20] [--warmup 10] [--connections 16] [--path /customers?count=3]
#                          [--modes "off nodata agent"]
# Many short interleaved A/B rounds for the observation cost alone:
#   bench/run-data-load.sh --modes "nodata agent" --rounds 12 --seconds 10 --warmup 60
# Separate processes differ by more than 2 % from each other, and for their first minute the JIT still compiles the
# sampled path (docs/benchmarks.md, "Observation cost within one process"), so the observation cost is best read within
# one process: --toggle starts one app per round under the agent with a policy file, loads it for --warmup seconds
# while the data aspect is switched on and off every 5 s (both states compiled), then measures --pairs pairs of
# windows of --seconds each, the data aspect on in one and off in the other (ABBA order: on-off, off-on, ...), each
# window after the agent reports the switch applied and 1 s of unmeasured load:
#   bench/run-data-load.sh --toggle --rounds 3 --pairs 16 --seconds 5 --warmup 60
# --summary <summary.txt> prints the statistics of an earlier --toggle run again (its table lines are read).
# --pin runs the app on CPU 1 and wrk on CPU 0 (taskset), so that the load generator and the app do not take turns on
# the same core: the windows then vary less.
#
# Needs wrk (Debian package `wrk`), the built agent jar and request app (mvn -B install -DskipTests).
# Results: bench/target/data-load/summary.txt and the raw wrk outputs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PIN_APP=() PIN_WRK=() SUMMARY_OF=""
ROUNDS=3 SECONDS_RUN=20 WARMUP=10 CONNECTIONS=16 URLPATH='/customers?count=3' MODES="off nodata agent" TOGGLE=0 PAIRS=16
while [[ $# -gt 0 ]]; do
  case "$1" in
    --toggle) TOGGLE=1; shift ;;
    --summary) SUMMARY_OF="$2"; shift 2 ;;
    --pin) PIN_APP=(taskset -c 1) PIN_WRK=(taskset -c 0); shift ;;
    --pairs) PAIRS="$2"; shift 2 ;;
    --modes) MODES="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --seconds) SECONDS_RUN="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --path) URLPATH="$2"; shift 2 ;;
    *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
# summarise_toggle <summary.txt>: per pair, on/off ratios of throughput and of CPU per request; per round and over all
# pairs, their median with its 95 % confidence interval from order statistics (no assumption on the distribution, so
# a window hit by a burst of foreign load moves it little), and the mean with its Student t interval
summarise_toggle() {
  awk 'NR > 1 && $1 ~ /^[0-9]+$/ { key = $1 " " $2; if ($3 == "on") { ron[key] = $4; con[key] = $6 } else { roff[key] = $4; coff[key] = $6 }
                bad += $5; keys[key] = $1; ev[$3] += $7; last = $1 > last ? $1 : last }
       function sort(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } }
       function tq(df) { return df >= 60 ? 2.000 : df >= 30 ? 2.042 : df >= 20 ? 2.086 : df >= 15 ? 2.131 : df >= 10 ? 2.228 : df >= 5 ? 2.571 : 4.303 }
       function stats(label, a, k,   i, m, v, h, b, lo, hi) {
         for (i = 1; i <= k; i++) { m += a[i]; b[i] = a[i] }
         m /= k
         for (i = 1; i <= k; i++) v += (a[i] - m) ^ 2
         h = k > 1 ? tq(k - 1) * sqrt(v / (k - 1) / k) : 0
         sort(b, k)
         lo = int(k / 2 - 0.98 * sqrt(k)); lo = lo < 1 ? 1 : lo
         hi = int(k / 2 + 1 + 0.98 * sqrt(k) + 0.999); hi = hi > k ? k : hi
         printf "%s: median %.4f (95%% CI %.4f-%.4f), mean %.4f (95%% CI %.4f-%.4f) over %d pairs\n", label,
           k % 2 ? b[(k + 1) / 2] : (b[k / 2] + b[k / 2 + 1]) / 2, b[lo], b[hi], m, m - h, m + h, k
       }
       END {
         for (key in keys) if (ron[key] > 0 && roff[key] > 0 && coff[key] > 0) {
           r = keys[key]; n[r]++; t[r, n[r]] = ron[key] / roff[key]; c[r, n[r]] = con[key] / coff[key]
           all++; ta[all] = ron[key] / roff[key]; ca[all] = con[key] / coff[key]
         }
         for (r = 1; r <= last; r++) {
           if (!(r in n)) continue
           delete x; delete y
           for (i = 1; i <= n[r]; i++) { x[i] = t[r, i]; y[i] = c[r, i] }
           stats("round " r " throughput on/off", x, n[r]); stats("round " r " cpu per request on/off", y, n[r])
         }
         stats("all rounds: throughput on/off", ta, all); stats("all rounds: cpu per request on/off", ca, all)
         printf "non-2xx responses: %d; data events (sampled responses reported) while on: %d, while off: %d\n", bad, ev["on"], ev["off"]
       }' "$1"
}

if [[ -n "$SUMMARY_OF" ]]; then
  summarise_toggle "$SUMMARY_OF"
  exit 0
fi
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
    toggle) printf '{"version": "on-0", "aspects": {"data": {"enabled": true}}}\n' > "$dir/policy.json"
            agent=("-javaagent:$AGENT_JAR=data=$dir/data,policy=$dir/policy.json,poll.ms=200") ;;
  esac
  "${PIN_APP[@]}" "$JAVA" -Xms512m -Xmx512m "${agent[@]}" -cp "$APP/lib/app/*:$APP/lib/tomcat/*" secplane.testbeds.requests.RequestApp \
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
  awk '/^Requests\/sec:/ { rps = $2 } /Non-2xx or 3xx responses:/ { bad = $5 } / requests in / { n = $1 }
       END { printf "%s %d %d\n", rps, bad + 0, n + 0 }' "$1"
}

# cpu_ticks <pid>: user + system CPU time of the process so far, in clock ticks (proc(5), fields 14 and 15)
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
TICK=$(getconf CLK_TCK)

# switch <dir> <on|off> <n>: the data aspect on or off by policy; returns once status.json names the new version
switch() {
  local dir="$1" state="$2" version="$2-$3" enabled=true
  [[ "$state" == off ]] && enabled=false
  printf '{"version": "%s", "aspects": {"data": {"enabled": %s}}}\n' "$version" "$enabled" > "$dir/policy.next"
  mv "$dir/policy.next" "$dir/policy.json"
  for _ in $(seq 1 200); do
    grep -q "\"policyVersion\":\"$version\"" "$dir/data/status.json" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "the agent did not apply policy $version within 10 s; see $dir/data/agent.log" >&2; exit 1
}

# data_events <dir>: the data aspect's response reports so far (0 without an agent)
data_events() {
  local n
  n=$(grep -c '"rule":"data.response-mask"' "$1/data/events.jsonl" 2>/dev/null) || true
  echo "${n:-0}"
}

# window <dir> <seconds> <file>: one wrk run; prints "requests/s non-2xx cpu-us/request data-events"
window() {
  local before after rps bad requests seen
  seen=$(data_events "$1")
  before=$(cpu_ticks "$APP_PID")
  "${PIN_WRK[@]}" wrk -t1 -c"$CONNECTIONS" -d"${2}s" "http://127.0.0.1:$PORT$URLPATH" > "$3"
  after=$(cpu_ticks "$APP_PID")
  read -r rps bad requests < <(parse "$3")
  sleep 0.3 # events are written by a background thread
  awk -v r="$rps" -v b="$bad" -v t="$(( after - before ))" -v hz="$TICK" -v n="$requests" -v e="$(( $(data_events "$1") - seen ))" \
    'BEGIN { printf "%s %d %.2f %d\n", r, b, (n > 0 ? 1e6 * t / hz / n : 0), e }'
}

if [[ "$TOGGLE" == 1 ]]; then
  echo "request app on tomcat, GET $URLPATH, data aspect switched within each of $ROUNDS processes: ${WARMUP}s warm-up, $PAIRS pairs of ${SECONDS_RUN}s windows, wrk -t1 -c$CONNECTIONS, $("$JAVA" -version 2>&1 | head -1)"
  printf '%-6s %-5s %-4s %12s %8s %14s %7s\n' round pair data "requests/s" non-2xx "cpu-us/request" events | tee "$OUT/summary.txt"
  for round in $(seq 1 "$ROUNDS"); do
    dir="$OUT/round$round"
    start_app toggle "$dir"
    # warm-up: both states in turn, so that the JIT has compiled the dispatch with and without the data aspect
    end=$(( SECONDS + WARMUP )) k=0
    while (( SECONDS < end )); do
      k=$(( k + 1 )); switch "$dir" $([[ $(( k % 2 )) == 1 ]] && echo off || echo on) "w$k"
      "${PIN_WRK[@]}" wrk -t1 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$PORT$URLPATH" > /dev/null
    done
    for pair in $(seq 1 "$PAIRS"); do
      order="on off"; (( pair % 2 == 0 )) && order="off on"
      for state in $order; do
        switch "$dir" "$state" "$pair"
        "${PIN_WRK[@]}" wrk -t1 -c"$CONNECTIONS" -d1s "http://127.0.0.1:$PORT$URLPATH" > /dev/null
        read -r rps bad cpu events < <(window "$dir" "$SECONDS_RUN" "$dir/wrk-$pair-$state.txt")
        printf '%-6s %-5s %-4s %12s %8s %14s %7s\n' "$round" "$pair" "$state" "$rps" "$bad" "$cpu" "$events" | tee -a "$OUT/summary.txt"
      done
    done
    stop_app
  done
  summarise_toggle "$OUT/summary.txt" | tee -a "$OUT/summary.txt"
  exit 0
fi

echo "request app on tomcat, GET $URLPATH, $ROUNDS rounds, wrk -t1 -c$CONNECTIONS, ${WARMUP}s warm-up + ${SECONDS_RUN}s measured, $("$JAVA" -version 2>&1 | head -1)"
read -r -a modes <<< "$MODES"
printf '%-6s %-7s %12s %8s %8s %14s\n' round mode "requests/s" non-2xx events "cpu-us/request" | tee "$OUT/summary.txt"
for round in $(seq 1 "$ROUNDS"); do
  # round r runs the modes rotated right by r-1 places: with two modes, AB then BA
  count=${#modes[@]} shift_by=$(( (round - 1) % ${#modes[@]} ))
  for k in $(seq 0 $(( count - 1 ))); do
    mode=${modes[$(( (k - shift_by + count) % count ))]}
    dir="$OUT/round$round-$mode"
    start_app "$mode" "$dir"
    "${PIN_WRK[@]}" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$PORT$URLPATH" > "$dir/warmup.txt"
    read -r rps bad cpu events < <(window "$dir" "$SECONDS_RUN" "$dir/wrk.txt")
    stop_app
    printf '%-6s %-7s %12s %8s %8s %14s\n' "$round" "$mode" "$rps" "$bad" "$events" "$cpu" | tee -a "$OUT/summary.txt"
  done
done
awk 'NR > 1 { n[$2]++; rps[$2] += $3; cpu[$2] += $6; r[$1 " " $2] = $3; c[$1 " " $2] = $6; rounds = $1 > rounds ? $1 : rounds }
     function median(a, k,   i, j, t) {
       for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
       return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
     }
     END {
       for (m in n) printf "\nmean over rounds, %s: %.0f req/s, %.1f cpu-us/request", m, rps[m] / n[m], cpu[m] / n[m]
       printf "\n"
       if (!("agent" in n) || !("nodata" in n)) exit
       k = 0
       for (i = 1; i <= rounds; i++) if (r[i " agent"] > 0 && r[i " nodata"] > 0 && c[i " nodata"] > 0) {
         k++; tr[k] = r[i " agent"] / r[i " nodata"]; cr[k] = c[i " agent"] / c[i " nodata"]
         printf "round %d: throughput agent/nodata %.3f, cpu per request agent/nodata %.3f\n", i, tr[k], cr[k]
       }
       tmin = tmax = tr[1]; cmin = cmax = cr[1]
       for (i = 2; i <= k; i++) { tmin = tr[i] < tmin ? tr[i] : tmin; tmax = tr[i] > tmax ? tr[i] : tmax; cmin = cr[i] < cmin ? cr[i] : cmin; cmax = cr[i] > cmax ? cr[i] : cmax }
       printf "observation at the default sampling rate over %d rounds: throughput agent/nodata median %.3f (range %.3f-%.3f); cpu per request agent/nodata median %.3f (range %.3f-%.3f)\n",
         k, median(tr, k), tmin, tmax, median(cr, k), cmin, cmax
     }' "$OUT/summary.txt" | tee -a "$OUT/summary.txt"

#!/usr/bin/env bash
# Fund-flow tracing across members (docs/benchmarks.md, "Fund-flow tracing"): a 5-hop trace of a planted mule network
# across three members (bank, payco, telco), each with ACCOUNTS accounts and TRANSFERS transfers in its own H2 database
# and its own mutual-TLS listener on 127.0.0.1, beside a baseline walking the same network by direct SQL. Generating
# and loading the data and preparing each member's OPRF lookup set are timed apart; they are kept in
# bench/target/trace/ and reused by later runs of the same size.
#   bench/run-trace.sh [ACCOUNTS] [TRANSFERS] [RUNS]      (defaults: 100000 1000000 5)
# Builds consortium/ and bench/target/benchmarks.jar when the jar is missing; MVN_ARGS is passed to those Maven
# calls (e.g. "-o -Dmaven.repo.local=/path/to/repository"). HEAP sets -Xmx (default 2g).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-jar.sh"
bench_jar privacy consortium
cd "$ROOT"
"$JAVA" -Xmx"${HEAP:-2g}" -cp "$BENCH_JAR" secplane.bench.trace.TraceHarness --accounts "${1:-100000}" --transfers "${2:-1000000}" \
  --layers 5 --runs "${3:-5}" --dir bench/target/trace

#!/usr/bin/env bash
# The console's first page loads at fleet scale (docs/benchmarks.md, "Console at fleet scale"): an H2 file
# store seeded with 1,000 agents and 1,000,000 events over 7 days (plus inventories, audit, data map, drill
# runs), the control plane started on it, and every API call of each console page timed over HTTP with an
# operator token, beside the naive calls (every row, counts by GROUP BY over the events, OFFSET paging) in
# the same rounds. Seeding time is reported apart.
#
#   bench/run-console.sh [--agents 1000] [--events 1000000] [--repeat 20]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/build-jars.sh"
DIR="$ROOT/bench/target/console-work"
rm -rf "$DIR" && mkdir -p "$DIR"
exec "$JAVA" -Xmx1g -cp "$BENCH_JAR" secplane.bench.console.ConsoleBench --dir "$DIR" "$@"

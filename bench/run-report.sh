#!/usr/bin/env bash
# The compliance report's cost (docs/benchmarks.md, "Compliance report"): an in-process control plane (H2 file
# database) filled through its API with SERVICES x AGENTS agents, block events and data findings; per run the
# report is gathered, the same API queries are replayed as raw GETs (the baseline), and the HTML and the PDF are
# rendered. Median of the runs after a warm-up.
#
#   bench/run-report.sh [--services 50] [--agents 10] [--blocks 20000] [--findings 200] [--runs 5]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-jar.sh"
bench_jar report
DIR="$ROOT/bench/target/report-work"
rm -rf "$DIR" && mkdir -p "$DIR"
exec "$JAVA" -Xmx1g -cp "$BENCH_JAR" secplane.bench.report.ReportBench --dir "$DIR" "$@"

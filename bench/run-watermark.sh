#!/usr/bin/env bash
# Leak tracing (docs/benchmarks.md, "Leak tracing"): false attribution on unrelated files against a registry of
# marked exports, the calibration of the chance values against the binomial model, and recall on half-leaks.
# Builds governance/ and bench/target/benchmarks.jar when the jar is missing; MVN_ARGS is passed to those Maven calls.
# Arguments (optional): --exports N --files N --rows N (default 100 exports, 2000 files, 100 rows).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-jar.sh"
bench_jar governance
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(--exports 100 --files 2000 --rows 100)
"$JAVA" -Xmx1g -cp "$BENCH_JAR" secplane.bench.governance.WatermarkFalseAttribution "${args[@]}"

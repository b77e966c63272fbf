#!/usr/bin/env bash
# The data aspect's CPU cost per request at its sampling rate (docs/benchmarks.md, "Data governance"): the request's
# start, 12 JDBC reads and one 0.6 KB JSON response chunk as the host drives them, measured with the thread's CPU
# clock, in three ways alternating round by round: none (baseline), perRequest (the sample drawn once per request,
# unsampled requests not prepared) and everyCall (every call prepared and inspected, lineage on every read: how the
# agent worked before). Arguments go to the harness: --sample 0.01 --reads 12 --rounds 15 --requests 20000.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-jars.sh"
cd "$ROOT"
"$JAVA" -cp "$BENCH_JAR" secplane.bench.data.SamplingCost "$@"

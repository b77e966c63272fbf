#!/usr/bin/env bash
# Designated exports marked by the agent (docs/benchmarks.md, "Data governance"): the data aspect's call with a
# whole held CSV body of 1,000 and 10,000 rows (parse, mark for the recipient, record with fsync, render), beside
# parsing and rendering the same CSV unmarked, JMH SampleTime on one thread. Builds aspects/ and
# bench/target/benchmarks.jar when the jar is missing; MVN_ARGS is passed to those Maven calls
# (e.g. "-o -Dmaven.repo.local=/path/to/repository"). About 2 minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-jar.sh"
bench_jar governance aspects
cd "$ROOT"
"$JAVA" -jar "$BENCH_JAR" ExportMarkBench -rf json -rff bench/target/jmh-export-mark.json

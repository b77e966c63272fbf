#!/usr/bin/env bash
# Sensitive data discovery (docs/benchmarks.md, "Sensitive data discovery"): detection throughput per core
# (JMH, engine beside a java.util.regex alternation baseline), classifying a 1M-row H2 table from a 10k-row
# sample, and the full-size accuracy run. Builds governance/ and bench/target/benchmarks.jar when the jar is
# missing; MVN_ARGS is passed to those Maven calls (e.g. "-o -Dmaven.repo.local=/path/to/repository").
# Arguments: speed | table | accuracy (default: all three). About 6 minutes on 2 cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-jar.sh"
bench_jar governance
cd "$ROOT"
what="${1:-all}"
if [[ "$what" == all || "$what" == speed ]]; then
  "$JAVA" -jar "$BENCH_JAR" GovernanceBenchmarks -rf json -rff bench/target/jmh-governance.json
fi
if [[ "$what" == all || "$what" == table ]]; then
  "$JAVA" -Xmx1g -cp "$BENCH_JAR" secplane.bench.governance.TableClassifyBench --rows 1000000 --sample 10000 --runs 5
fi
if [[ "$what" == all || "$what" == accuracy ]]; then
  "$JAVA" -Xmx2g -cp "$BENCH_JAR" secplane.bench.governance.AccuracyBench --docs 200000 --random18 1000000
fi

#!/usr/bin/env bash
# Cost of observing outbound bodies (docs/benchmarks.md, "Outbound data"):
#  1. the data aspect's own cost per outbound call (JMH, no agent): sampled at 1 %, every body, and reading the body;
#  2. a real HttpClient POST of a customer JSON over loopback in three interleaved configurations (no agent /
#     agent with the data aspect disabled / agent observing data.egress at 1 %): EgressRunner.
#   bench/run-egress.sh [--rounds 3]
# Results: bench/target/jmh-egress-aspect.json and bench/target/egress/summary.json. JAVA_HOME selects the JDK.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-jars.sh"
cd "$ROOT"
"$JAVA" -jar "$BENCH_JAR" 'EgressBench\.(aspect|baseline)' -rf json -rff bench/target/jmh-egress-aspect.json
exec "$JAVA" -cp "$BENCH_JAR" secplane.bench.egress.EgressRunner --agent "$AGENT_JAR" --out bench/target/egress "$@"

#!/usr/bin/env bash
# Join point cost: runs the JMH benchmarks three times in one go (no agent / agent with every aspect
# disabled / agent with the default policy) and prints the differences. Raw JMH JSON goes to
# bench/target/jmh-{none,idle,active}.json, the comparison to bench/target/jmh-summary.json.
# Extra arguments go to the runner: --rounds n --warmup n --measure n --include regex --out dir.
# About 6 minutes on 2 cores with the defaults below. JAVA_HOME selects the JDK.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-jars.sh"
cd "$ROOT"
exec "$JAVA" -cp "$BENCH_JAR" secplane.bench.joinpoints.JmhRunner --agent "$AGENT_JAR" --out bench/target --rounds 2 "$@"

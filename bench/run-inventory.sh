#!/usr/bin/env bash
# Inventory budget (300 jars in <= 1 s, <= 5 MB of agent heap kept): the JMH benchmarks of the
# collector, then the in-process allocation/retention harness and the real agent in child JVMs.
# REPOSITORY (default ~/.m2/repository) is where the jars come from: its first 300 jars in path order.
# JMH JSON goes to bench/target/jmh-inventory.json, the harness's figures to bench/target/inventory-bench.json.
# About 4 minutes on 2 cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-jars.sh"
cd "$ROOT"
REPOSITORY="${REPOSITORY:-$HOME/.m2/repository}"
"$JAVA" -jar "$BENCH_JAR" InventoryBenchmarks -p repository="$REPOSITORY" -p jars=300 -rf json -rff bench/target/jmh-inventory.json "$@"
exec "$JAVA" -cp "$BENCH_JAR" secplane.bench.inventory.InventoryFootprint --agent "$AGENT_JAR" --repository "$REPOSITORY" \
  --jars 300 --runs 5 --out bench/target

#!/usr/bin/env bash
# Start-up, attach and heap: runs FootprintBench on the JDK of JAVA_HOME (default: java on PATH),
# each figure beside a JVM without the agent in the same run. Results go to
# bench/target/footprint-jdk<N>.json; the child JVMs' data dirs stay under bench/target/footprint-work-jdk<N>/.
# Arguments go to the harness: --runs n (default 10), startup | attach | heap (default: all three).
# About 2 minutes per JDK on 2 cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-jars.sh"
cd "$ROOT"
exec "$JAVA" -cp "$BENCH_JAR" secplane.bench.footprint.FootprintBench --agent "$AGENT_JAR" --out bench/target "$@"

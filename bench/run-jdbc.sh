#!/usr/bin/env bash
# Cost of the jdbc.result join point per ResultSet.getString on H2: no agent / agent with the data aspect
# disabled / agent default policy (data aspect observing at 1 %), interleaved rounds in one run (ResultSetRunner);
# then the data aspect's own lineage work per read within a request (LineageBench).
# Extra arguments go to the runner: --rounds n --warmup n --out dir --agent jar. About 5 minutes on 2 cores.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-jars.sh"
cd "$ROOT"
"$JAVA" -cp "$BENCH_JAR" secplane.bench.data.ResultSetRunner --agent "$AGENT_JAR" --out bench/target "$@"
"$JAVA" -jar "$BENCH_JAR" LineageBench -rf json -rff bench/target/jmh-lineage.json

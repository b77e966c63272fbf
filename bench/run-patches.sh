#!/usr/bin/env bash
# Virtual patches: the time to retransform one loaded class of log4j-core 2.14.1 with a patch woven
# in, against the same retransformation with no change (a child JVM per JDK: the JDK running this
# script, and JDK 25 when installed), then the per-call cost of a patch's entry hook under JMH (no
# agent / hook woven, patch not in force / patch in force, argument not matching) on the JDK running
# this script. Results: bench/target/patches-retransform-jdk<N>.json and
# bench/target/patches-calls-jdk<N>.json. About 3 minutes; JAVA_HOME selects the JDK.
# Extra arguments go to the runner: --runs n --rounds n --jdk <home> --out dir, and the parts
# "retransform" and/or "calls".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/build-jars.sh"
cd "$ROOT"
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
EXTRA=()
if [[ -x "$JDK25/bin/java" ]]; then
  EXTRA+=(--jdk "$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')" --jdk "$JDK25")
fi
exec "$JAVA" -cp "$BENCH_JAR" secplane.bench.patches.PatchBench --agent "$AGENT_JAR" --libs bench/target/vuln-libs \
  --out bench/target --runs 50 --rounds 2 "${EXTRA[@]}" "$@"

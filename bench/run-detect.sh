#!/usr/bin/env bash
# Injection detector cost (docs/benchmarks.md, "Injection detectors"): the JMH benchmarks of detect/ in
# one run, SQL check beside its baselines. Raw JMH JSON goes to bench/target/jmh-detect.json.
# Builds detect/ and bench/target/benchmarks.jar when the jar is missing; MVN_ARGS is passed to those
# Maven calls (for example "-o -Dmaven.repo.local=/path/to/repository"). Extra arguments go to JMH
# (e.g. -prof gc). About 3 minutes on 2 cores. JAVA_HOME selects the JDK.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
if [[ ! -f "$BENCH_JAR" ]]; then
  echo "building $BENCH_JAR" >&2
  mvn -B -q ${MVN_ARGS:-} -N -f "$ROOT/pom.xml" install
  mvn -B -q ${MVN_ARGS:-} -f "$ROOT/detect/pom.xml" install -DskipTests
  mvn -B -q ${MVN_ARGS:-} -f "$ROOT/bench/pom.xml" package
fi
cd "$ROOT"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$BENCH_JAR" DetectorBenchmarks -rf json -rff bench/target/jmh-detect.json "$@"

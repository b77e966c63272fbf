#!/usr/bin/env bash
# Builds what the benchmarks need, if missing: the agent jar (and the modules it is made of) and
# bench/target/benchmarks.jar. Sourced by run-jmh.sh and run-footprint.sh; run from anywhere.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AGENT_JAR="${AGENT_JAR:-$ROOT/agent/dist/target/secplane-agent.jar}"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"

if [[ ! -f "$AGENT_JAR" ]]; then
  echo "building the agent jar ($AGENT_JAR)" >&2
  mvn -B -q -N -f "$ROOT/pom.xml" install
  for m in protocol agent/bootstrap agent/api agent/core aspects agent/dist; do
    mvn -B -q -f "$ROOT/$m/pom.xml" install -DskipTests
  done
fi
# The bench jar carries the server and protocol classes: rebuild it when they were installed anew.
INSTALLED="$HOME/.m2/repository/io/secplane"
if [[ ! -f "$BENCH_JAR" || -n "$(find "$ROOT/bench/src" "$ROOT/bench/pom.xml" "$INSTALLED" -name '*.jar' -newer "$BENCH_JAR" -print -quit 2>/dev/null)" \
      || -n "$(find "$ROOT/bench/src" "$ROOT/bench/pom.xml" -newer "$BENCH_JAR" -print -quit)" ]]; then
  echo "building $BENCH_JAR" >&2
  mvn -B -q -f "$ROOT/bench/pom.xml" package
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

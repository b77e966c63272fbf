#!/usr/bin/env bash
# Control plane: push -> ACK from 1,000 simulated agents and the server's heap with them connected
# (push), event ingestion on H2 and on PostgreSQL (events), a real attached agent applying pushes
# (agent). Every server is a child JVM on 127.0.0.1 with a fresh data directory under
# bench/target/plane-work/; PostgreSQL comes from the embedded-postgres binaries. Results go to
# bench/target/plane-{push,events,agent}.json. Arguments go to the harness (secplane.bench.plane.PlaneBench),
# e.g. `push`, `events`, `agent`, `--agents 1000`, `--seconds 20`, `--verify-once`.
# About 1 minute per part on 2 cores; the harness stops everything it started after --max-minutes (default 9),
# and this script gives it 10 minutes at most.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -f "$HOME/.m2/repository/io/secplane/secplane-server/0.1.0-SNAPSHOT/secplane-server-0.1.0-SNAPSHOT.jar" ]]; then
  echo "building the protocol and server modules" >&2
  mvn -B -q -N -f "$ROOT/pom.xml" install
  mvn -B -q -f "$ROOT/protocol/pom.xml" install -DskipTests
  mvn -B -q -f "$ROOT/server/pom.xml" install -DskipTests
fi
source "$ROOT/bench/build-jars.sh"
cd "$ROOT"
exec timeout --signal=TERM --kill-after=30 600 "$JAVA" -cp "$BENCH_JAR" secplane.bench.plane.PlaneBench \
  --agent "$AGENT_JAR" --out bench/target "$@"

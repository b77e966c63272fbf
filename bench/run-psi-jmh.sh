#!/usr/bin/env bash
# PSI building blocks (docs/benchmarks.md, "Private set intersection"): JMH, one thread = one core.
# X25519 with BouncyCastle beside the JDK's XDH, the unclamped OPRF ladder, RFC 9380 hashing; then
# exponential ElGamal beside Paillier in the same run; then (secplane.bench.psi) the multi-buffer
# vector ladder beside BouncyCastle's X25519 and the one-point ladder, batch hashing beside one at a
# time (its forks get --add-modules jdk.incubator.vector). Raw JSON: bench/target/jmh-psi.json.
# JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/run-psi-jmh.sh runs them on JDK 25.
# Builds bench/target/benchmarks.jar when missing (MVN_ARGS is passed to Maven). About 7 minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
if [[ ! -f "$BENCH_JAR" ]]; then
  echo "building $BENCH_JAR" >&2
  mvn -B -q ${MVN_ARGS:-} -N -f "$ROOT/pom.xml" install
  mvn -B -q ${MVN_ARGS:-} -f "$ROOT/privacy/pom.xml" install -DskipTests
  mvn -B -q ${MVN_ARGS:-} -f "$ROOT/bench/pom.xml" package
fi
cd "$ROOT"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$BENCH_JAR" 'secplane.bench.(privacy|psi).*' -rf json -rff bench/target/jmh-psi.json "$@"

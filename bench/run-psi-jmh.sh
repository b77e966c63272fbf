#!/usr/bin/env bash
# PSI building blocks (docs/benchmarks.md, "Private set intersection"): JMH, one thread = one core.
# X25519 with BouncyCastle beside the JDK's XDH, the unclamped OPRF ladder, RFC 9380 hashing; then
# exponential ElGamal beside Paillier in the same run. Raw JSON: bench/target/jmh-psi.json.
# Builds bench/target/benchmarks.jar when missing (MVN_ARGS is passed to Maven). About 4 minutes.
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
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$BENCH_JAR" 'secplane.bench.privacy.*' -rf json -rff bench/target/jmh-psi.json "$@"

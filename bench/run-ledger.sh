#!/usr/bin/env bash
# The consortium ledger (docs/benchmarks.md, "Consortium ledger"): append throughput with a signed checkpoint every
# second beside appends without checkpoints and a plain buffered write (harness, one thread), then inclusion and
# consistency proof verification in a 10^6-entry tree beside one SHA-256 node hash (JMH, one thread = one core).
# Builds consortium/ and bench/target/benchmarks.jar when the jar is missing; MVN_ARGS is passed to those Maven
# calls (e.g. "-o -Dmaven.repo.local=/path/to/repository"). Arguments: append | proofs (default: both). ~3 minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-jar.sh"
bench_jar consortium
cd "$ROOT"
what="${1:-all}"
if [[ "$what" == all || "$what" == append ]]; then
  "$JAVA" -Xmx1g -cp "$BENCH_JAR" secplane.bench.ledger.AppendHarness --seconds 10 --bytes 256 --runs 3
fi
if [[ "$what" == all || "$what" == proofs ]]; then
  "$JAVA" -jar "$BENCH_JAR" 'secplane.bench.ledger.ProofBenchmarks' -rf json -rff bench/target/jmh-ledger.json
fi

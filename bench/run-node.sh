#!/usr/bin/env bash
# The consortium member node (docs/benchmarks.md, "Consortium member node"): signed ledger submissions over mutual
# TLS from one and four threads, beside the operator's local appends (the disk floor: one fsync per entry) and an
# empty request (the transport floor: a TLS 1.3 handshake per request), then the duration of a cosigning round with
# two witnesses. Three nodes in one JVM on loopback. Builds consortium/ and bench/target/benchmarks.jar when the jar
# is missing; MVN_ARGS is passed to those Maven calls (e.g. "-o -Dmaven.repo.local=/path/to/repository"). ~3 minutes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-jar.sh"
bench_jar privacy consortium
cd "$ROOT"
"$JAVA" -Xmx1g -cp "$BENCH_JAR" secplane.bench.node.SubmitHarness --seconds 10 --bytes 256 --runs 3 --rounds 20

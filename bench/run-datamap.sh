#!/usr/bin/env bash
# The control plane's data map with many stored events (docs/benchmarks.md, "Data map"): ingest of
# batches of 500 data events with and without the map fold, alternating in one run, and the whole map
# read from its aggregates against reading and parsing every stored data event (the baseline of
# aggregating at query time). H2 file database with the server's migrations, in a fresh directory.
#
#   bench/run-datamap.sh [--events 1000000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bench/build-jars.sh"
DIR="$ROOT/bench/target/datamap-work"
rm -rf "$DIR" && mkdir -p "$DIR"
exec "$JAVA" -Xmx1g -cp "$BENCH_JAR" secplane.bench.datamap.DataMapBench --dir "$DIR" "$@"

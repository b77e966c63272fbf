#!/usr/bin/env bash
# Private set intersection on loopback (docs/benchmarks.md, "Private set intersection"): generates two
# CSV files of N mainland mobile numbers each (10% shared, written differently by each side), a test
# PKI, then runs `secplane psi serve` and `secplane psi join` as two separate JVMs (-Xmx per party,
# default 1g) over mutual TLS on 127.0.0.1, and prints each party's summary (bytes on the socket,
# elapsed) and its wall time and peak RSS.
#   bench/run-psi.sh [N] [psi|sum|unbalanced] [QUERIES]
# unbalanced: the server's set has N items (prepared offline first, timed separately), the joiner
# queries QUERIES items (default 1000); the first run ships the prepared set, a second run uses the
# cached copy and shows the online time alone. The preparation reads all N rows at once: PREP_HEAP
# (default 6g) is its heap.
# Builds cli/target/secplane-cli.jar when missing; MVN_ARGS is passed to those Maven calls. HEAP sets
# -Xmx per party, JAVA_HOME the JDK, WORK the directory (default bench/target/psi-N).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-100000}"
MODE="${2:-psi}"
QUERIES="${3:-1000}"
HEAP="${HEAP:-1g}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="$ROOT/cli/target/secplane-cli.jar"
if [[ ! -f "$JAR" ]]; then
  echo "building $JAR" >&2
  mvn -B -q ${MVN_ARGS:-} -N -f "$ROOT/pom.xml" install
  mvn -B -q ${MVN_ARGS:-} -f "$ROOT/privacy/pom.xml" install -DskipTests
  mvn -B -q ${MVN_ARGS:-} -f "$ROOT/cli/pom.xml" package -DskipTests
fi
WORK="${WORK:-$ROOT/bench/target/psi-$N}"
mkdir -p "$WORK"
cd "$WORK"
[[ -f pki/ca.pem ]] || "$JAVA" -jar "$JAR" psi keys --out pki >/dev/null
JOINER_N="$N"
[[ "$MODE" == unbalanced ]] && JOINER_N="$QUERIES"
SHARED=$(( JOINER_N / 10 ))
if [[ ! -f a-$N.csv ]]; then
  awk -v n="$N" 'BEGIN { print "customer,mobile"; for (i = 0; i < n; i++) { p = 13000000000 + i * 7;
      printf "c%d,+86 %d %04d %04d\n", i, int(p / 100000000), int(p / 10000) % 10000, p % 10000 } }' > a-$N.csv
fi
if [[ ! -f b-$JOINER_N.csv ]]; then
  awk -v n="$JOINER_N" -v s="$SHARED" 'BEGIN { srand(7); print "account,phone,amount"; for (i = 0; i < n; i++) {
      p = sprintf("%.0f", (i < s) ? 13000000000 + i * 7 : 15000000000 + i * 11); printf "p%d,%s-%s,%d\n", i, substr(p, 1, 3), substr(p, 4), int(rand() * 100000) } }' > b-$JOINER_N.csv
fi
TLS_A=(--tls-cert pki/party-a.pem --tls-key pki/party-a.key --ca pki/ca.pem)
TLS_B=(--tls-cert pki/party-b.pem --tls-key pki/party-b.key --ca pki/ca.pem)
# the vector ladder needs the incubating Vector API; LADDER=scalar runs the one-point ladder instead
JVM=(-Xmx"$HEAP" --add-modules jdk.incubator.vector -Dsecplane.psi.ladder="${LADDER:-auto}" ${PSI_JAVA_OPTS:-} -jar "$JAR")
PORT=$(( 20000 + RANDOM % 20000 ))
SERVE=(psi serve --port "$PORT" --mode "$MODE" --in a-$N.csv --column mobile:cn-mobile --timeout 600 --accept-timeout 60 "${TLS_A[@]}")
JOIN=(psi join --peer "localhost:$PORT" --mode "$MODE" --in b-$JOINER_N.csv --column phone:cn-mobile --timeout 600 "${TLS_B[@]}")
case "$MODE" in
  psi) SERVE+=(--output both --out result-a.csv); JOIN+=(--output both --out result-b.csv) ;;
  sum) SERVE+=(--sum-to server --out sum-a.csv); JOIN+=(--sum-to server --value-column amount) ;;
  unbalanced)
    if [[ ! -f a-$N.psit ]]; then
      echo "== offline: prepare $N items" >&2
      /usr/bin/time -f "prepare: wall %e s, CPU %U s user + %S s sys, peak RSS %M KB" "$JAVA" -Xmx"${PREP_HEAP:-6g}" --add-modules jdk.incubator.vector -jar "$JAR" psi prepare --in a-$N.csv \
          --column mobile:cn-mobile --oprf-key oprf.key --out a-$N.psit
    fi
    SERVE=(psi serve --port "$PORT" --mode unbalanced --column mobile:cn-mobile --timeout 600 --accept-timeout 60 "${TLS_A[@]}"
           --prepared a-$N.psit --oprf-key oprf.key)
    JOIN+=(--table cache-$N.psit --out listed-b.csv) ;;
  *) echo "mode must be psi, sum or unbalanced" >&2; exit 2 ;;
esac
run_pair() {
  /usr/bin/time -f "server: wall %e s, CPU %U s user + %S s sys, peak RSS %M KB" "$JAVA" "${JVM[@]}" "${SERVE[@]}" > server.out 2> server.err &
  local s=$!
  sleep 1.5
  /usr/bin/time -f "joiner: wall %e s, CPU %U s user + %S s sys, peak RSS %M KB" "$JAVA" "${JVM[@]}" "${JOIN[@]}" > joiner.out 2> joiner.err || true
  wait "$s" || true
  echo "== server (N=$N, mode=$MODE, heap $HEAP)"; cat server.out; grep -E "wall|secplane:" server.err || true
  echo "== joiner"; cat joiner.out; grep -E "wall|secplane:" joiner.err || true
}
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run_pair
if [[ "$MODE" == unbalanced ]]; then
  echo "== second run: the cached prepared set, online phase only"
  run_pair
fi

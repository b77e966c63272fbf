# Sourced by the bench/run-*.sh scripts: sets ROOT, BENCH_JAR and JAVA, and `bench_jar MODULE...` builds the parent,
# the named modules and bench/target/benchmarks.jar when the jar is missing. MVN_ARGS is passed to those Maven
# calls (e.g. "-o -Dmaven.repo.local=/path/to/repository").
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

bench_jar() {
  if [[ -f "$BENCH_JAR" ]]; then
    return
  fi
  echo "building $BENCH_JAR" >&2
  mvn -B -q ${MVN_ARGS:-} -N -f "$ROOT/pom.xml" install
  local module
  for module in "$@"; do
    mvn -B -q ${MVN_ARGS:-} -f "$ROOT/$module/pom.xml" install -DskipTests
  done
  mvn -B -q ${MVN_ARGS:-} -f "$ROOT/bench/pom.xml" package -DskipTests
}

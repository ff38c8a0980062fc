#!/usr/bin/env bash
# Deploy benchmark: `onyx-deploy up` (the Docker engine backend, through the API) against
# `docker compose up -d --wait` on the same compose file, whole processes, same run, alternating.
#
#   bench/deploy/run.sh                 # 3 rounds, healthcheck interval 1s
#   ROUNDS=5 bench/deploy/run.sh
#   BENCH_INTERVAL=10s bench/deploy/run.sh
#
# Needs: a running engine, the image onyx-test/busybox:1 (made by the tests: TestImages.busybox()),
# `docker compose` v2, and the CLI jar (mvn -pl onyx-deploy-cli package -Dmaven.test.skip=true).
# Prints one line per measurement and a markdown summary (medians and ratios) at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACK=${STACK:-$ROOT/bench/deploy/reference-stack.yaml}
JAR=${JAR:-$ROOT/onyx-deploy-cli/target/onyx-deploy.jar}
ROUNDS=${ROUNDS:-3}
DOCKER=${DOCKER:-docker}
export BENCH_INTERVAL=${BENCH_INTERVAL:-1s}
LOG=$(mktemp)
RES=$(mktemp)
trap 'rm -f "$LOG" "$RES"' EXIT

[ -f "$JAR" ] || { echo "missing $JAR: mvn -pl onyx-deploy-cli package -Dmaven.test.skip=true" >&2; exit 2; }
$DOCKER image inspect onyx-test/busybox:1 >/dev/null 2>&1 || { echo "missing image onyx-test/busybox:1" >&2; exit 2; }

# The CLI's JVM: by default with an AppCDS archive of its classes (made once, below), C1 only and the
# serial GC: JVM start-up, not the deploy, dominates short runs on a small machine. CDS=0: plain java.
CDS_ARCHIVE=${CDS_ARCHIVE:-${JAR%.jar}.jsa}
if [ "${CDS:-1}" = 1 ]; then
  JVM_OPTS=${JVM_OPTS:-"-XX:SharedArchiveFile=$CDS_ARCHIVE -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}
else
  JVM_OPTS=${JVM_OPTS:-}
fi
compose() { $DOCKER compose -p "$1" -f "$STACK" "${@:2}"; }
# shellcheck disable=SC2086
lib() { java $JVM_OPTS -jar "$JAR" "$@"; }
if [ "${CDS:-1}" = 1 ] && { [ ! -f "$CDS_ARCHIVE" ] || [ "$JAR" -nt "$CDS_ARCHIVE" ]; }; then
  echo "making the class-data archive $CDS_ARCHIVE (once per jar)"
  rm -f "$CDS_ARCHIVE"
  java -XX:ArchiveClassesAtExit="$CDS_ARCHIVE" -jar "$JAR" up --plain -f "$STACK" -p bl-cds >/dev/null 2>&1 || true
  java -jar "$JAR" down -p bl-cds >/dev/null 2>&1 || true
fi

# timed NAME CMD...: runs CMD, records "NAME seconds"
timed() {
  local name=$1; shift
  local s e
  s=$(date +%s.%N)
  if ! "$@" >"$LOG" 2>&1; then
    echo "FAILED ($name): $*" >&2; tail -20 "$LOG" >&2; exit 1
  fi
  e=$(date +%s.%N)
  local d; d=$(awk -v a="$s" -v b="$e" 'BEGIN{printf "%.2f", b-a}')
  echo "$name $d" >>"$RES"
  echo "  $name: $d s"
}

cleanup() {
  compose bc down -t 1 >/dev/null 2>&1 || true
  lib down -p bl >/dev/null 2>&1 || true
}
cleanup

round_compose() {
  timed compose_up compose bc up -d --wait
  timed compose_noop compose bc up -d --wait
  compose bc down -t 1 >/dev/null 2>&1
}
round_lib() {
  timed lib_up lib up --plain -f "$STACK" -p bl
  timed lib_noop lib up --plain -f "$STACK" -p bl
  lib down -p bl >/dev/null 2>&1
}

echo "reference stack $STACK, BENCH_INTERVAL=$BENCH_INTERVAL, $ROUNDS rounds, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), JVM_OPTS=$JVM_OPTS"
for r in $(seq "$ROUNDS"); do
  echo "round $r"
  if [ $((r % 2)) -eq 1 ]; then round_compose; round_lib; else round_lib; round_compose; fi
done
cleanup

median() { grep "^$1 " "$RES" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
all() { grep "^$1 " "$RES" | awk '{printf "%s%s", sep, $2; sep=", "}'; }
cu=$(median compose_up); cn=$(median compose_noop); lu=$(median lib_up); ln=$(median lib_noop)
echo
echo "| BENCH_INTERVAL=$BENCH_INTERVAL | docker compose (s) | onyx-deploy (s) | ratio |"
echo "|---|---|---|---|"
echo "| deploy to all-healthy, median | $cu ($(all compose_up)) | $lu ($(all lib_up)) | $(awk -v a="$lu" -v b="$cu" 'BEGIN{printf "%.2fx", a/b}') |"
echo "| no-op re-apply, median | $cn ($(all compose_noop)) | $ln ($(all lib_noop)) | $(awk -v a="$ln" -v b="$cn" 'BEGIN{printf "%.2fx", a/b}') |"

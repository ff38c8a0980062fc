#!/usr/bin/env bash
# Deploy benchmark: `onyx-deploy up` (the Docker engine backend, through the API) against
# `docker compose up -d --wait` on the same compose file, whole processes, same run, alternating.
#
#   bench/deploy/run.sh                 # 3 rounds, healthcheck interval 1s
#   ROUNDS=5 bench/deploy/run.sh
#   BENCH_INTERVAL=10s bench/deploy/run.sh
#
# Needs: a running engine, the image onyx-test/busybox:1 (made by the tests: TestImages.busybox()),
# `docker compose` v2, and a JDK: the library runs through the launcher ./onyx-deploy exactly as a
# user runs it (it builds the CLI jar and its class-data archive first when they are missing or stale;
# that happens once, before the timed runs). CDS=0 runs without the class-data archive;
# JVM_OPTS=... adds JVM options (ONYX_DEPLOY_JAVA_OPTS).
# Prints one line per measurement and a markdown summary (medians and ratios) at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACK=${STACK:-$ROOT/bench/deploy/reference-stack.yaml}
ROUNDS=${ROUNDS:-3}
DOCKER=${DOCKER:-docker}
export BENCH_INTERVAL=${BENCH_INTERVAL:-1s}
LOG=$(mktemp)
RES=$(mktemp)
trap 'rm -f "$LOG" "$RES"' EXIT

$DOCKER image inspect onyx-test/busybox:1 >/dev/null 2>&1 || { echo "missing image onyx-test/busybox:1" >&2; exit 2; }
[ "${CDS:-1}" = 1 ] || export ONYX_DEPLOY_CDS=0
[ -z "${JVM_OPTS:-}" ] || export ONYX_DEPLOY_JAVA_OPTS="$JVM_OPTS"
compose() { $DOCKER compose -p "$1" -f "$STACK" "${@:2}"; }
lib() { "$ROOT/onyx-deploy" "$@"; }
lib --version >/dev/null   # build the jar and the class-data archive now, not in a timed run

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

echo "reference stack $STACK, BENCH_INTERVAL=$BENCH_INTERVAL, $ROUNDS rounds, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), CDS=${CDS:-1}, JVM_OPTS=${JVM_OPTS:-}"
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

#!/usr/bin/env bash
# Swarm deploy benchmark: `onyx-deploy up --swarm` (issue 11: Swarm services created in dependency
# order, returns once every service is healthy and the migration completed) against
# `docker stack deploy` of the same reference stack made acceptable to it (ports as integers, no
# host_ip, no depends_on) followed by a wait until every long-running service is healthy, on a real
# two-node swarm this script makes (and unmakes) on this machine. Whole processes, wall clock, same
# run, alternating order.
#
#   flock /work/.locks/bench flock /work/.locks/engine bench/swarm/run.sh       # 3 rounds
#   ROUNDS=5 BENCH_INTERVAL=1s bench/swarm/run.sh
#
# Needs root (a network namespace and a second dockerd, as ENGINE.md shows), a running engine that
# is in no swarm, and the image onyx-test/busybox:1 (made by the tests: TestImages.busybox()); builds
# the CLI jar when it is missing or stale. Prints each measurement and a markdown table of medians
# and ratios.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REF=${STACK:-$ROOT/bench/deploy/reference-stack.yaml}
JAR=${JAR:-$ROOT/onyx-deploy-cli/target/onyx-deploy.jar}
ROUNDS=${ROUNDS:-3}
DOCKER=${DOCKER:-docker}
export BENCH_INTERVAL=${BENCH_INTERVAL:-1s}
WORK=$(mktemp -d)
LOG=$WORK/log RES=$WORK/results

# the jar, the engine checks and the two-node swarm (unmade on exit)
source "$ROOT/bench/swarm/twonode.sh"

# ---------------------------------------------------------------- the stack, as each side takes it
OURS=$REF
PEER=$WORK/peer.yaml
# docker stack deploy refuses host_ip and the long depends_on, and ignores depends_on anyway
sed -e 's/"127.0.0.1:18080:8080"/"18080:8080"/' "$REF" | awk '
  /^    depends_on:/ {skip=1; next}
  skip && /^      / {next}
  {skip=0; print}' >"$PEER"
LONG_RUNNING=$(awk '/^  [a-z-]+:$/ {s=$1; sub(":","",s)} /healthcheck:/ {print s}' "$REF" | sort -u | wc -l)

# Ours runs through the launcher, as users run it (and as bench/deploy does): C1, the serial
# collector and the class-data archive of its training run (which covers the --swarm verbs).
lib() { ONYX_DEPLOY_NO_BUILD=1 "$ROOT/onyx-deploy" "$@"; }
lib --version >/dev/null # makes the archive once per built jar, outside the timing

# every long-running service of the peer's stack has its tasks running (= healthy: Swarm keeps a task
# with a healthcheck in "starting" until it is)
peer_healthy() {
  while :; do
    local up
    up=$($DOCKER service ls --filter label=com.docker.stack.namespace=bsp --format '{{.Name}} {{.Replicas}}' \
      | grep -v '_migrate ' | awk '{split($2, r, "/"); if (r[1] == r[2] && r[2] > 0) n++} END {print n+0}')
    [ "$up" -ge "$LONG_RUNNING" ] && return 0
    sleep 0.1
  done
}
# --resolve-image never: the image is local (no registry to ask for its digest), the faster choice for the peer
peer_deploy() { $DOCKER stack deploy --resolve-image never -c "$PEER" bsp >/dev/null && peer_healthy; }
gone() { # waits until the stack's tasks and networks are gone, so the next deploy starts clean
  for _ in $(seq 300); do
    [ -z "$($DOCKER network ls -q --filter label=com.docker.stack.namespace="$1")" ] && \
      [ -z "$($DOCKER service ls -q --filter label=com.docker.stack.namespace="$1")" ] && return 0
    sleep 0.2
  done
}

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

round_peer() {
  timed peer_up peer_deploy
  timed peer_redeploy peer_deploy
  $DOCKER stack rm bsp >/dev/null; gone bsp
}
round_lib() {
  timed lib_up lib up --swarm --plain -f "$OURS" -p bsw --timeout 600
  timed lib_noop lib up --swarm --plain -f "$OURS" -p bsw
  lib down --swarm -p bsw >/dev/null; gone bsw
}

echo "reference stack $REF, BENCH_INTERVAL=$BENCH_INTERVAL, $ROUNDS rounds, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$ROUNDS"); do
  echo "round $r"
  if [ $((r % 2)) -eq 1 ]; then round_peer; round_lib; else round_lib; round_peer; fi
done
echo "load at the end $(cut -d' ' -f1-3 /proc/loadavg)"

median() { grep "^$1 " "$RES" | awk '{print $2}' | sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
all() { grep "^$1 " "$RES" | awk '{printf "%s%s", sep, $2; sep=", "}'; }
pu=$(median peer_up); pn=$(median peer_redeploy); lu=$(median lib_up); ln=$(median lib_noop)
echo
echo "| BENCH_INTERVAL=$BENCH_INTERVAL | docker stack deploy + wait (s) | onyx-deploy up --swarm (s) | ratio | target |"
echo "|---|---|---|---|---|"
echo "| deploy to all-healthy, median | $pu ($(all peer_up)) | $lu ($(all lib_up)) | $(awk -v a="$lu" -v b="$pu" 'BEGIN{printf "%.2fx", a/b}') | <= 1.3x |"
echo "| re-apply of the unchanged stack, median | $pn ($(all peer_redeploy)) | $ln ($(all lib_noop)) | $(awk -v a="$ln" -v b="$pn" 'BEGIN{printf "%.2fx", a/b}') | <= 0.3x |"
echo "| critical-path floor (start-up delays db 2 s, migrate 1 s, api 2 s, web 1 s, nginx 1 s) | | 7.00 | | |"

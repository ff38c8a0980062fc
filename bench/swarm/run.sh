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
NS=onyx-test-n2 VH=onyx-vh2 VN=onyx-vn2
N2_DATA=/var/lib/onyx-test-n2 N2_EXEC=/run/onyx-test-n2 N2_PID=/run/onyx-test-n2.pid N2_SOCK=/run/onyx-test-n2.sock
WORK=$(mktemp -d)
LOG=$WORK/log RES=$WORK/results

# the CLI jar, built when missing or older than the sources (not timed)
if [ ! -f "$JAR" ] || [ -n "$(find "$ROOT"/pom.xml "$ROOT"/*/pom.xml "$ROOT"/*/src -newer "$JAR" -type f -print -quit)" ]; then
  (cd "$ROOT" && ./mvnw -q -B -pl onyx-deploy-cli -am package -Dmaven.test.skip=true -Djacoco.skip)
fi
$DOCKER image inspect onyx-test/busybox:1 >/dev/null 2>&1 || { echo "missing image onyx-test/busybox:1" >&2; exit 2; }
[ "$($DOCKER info --format '{{.Swarm.LocalNodeState}}')" = inactive ] \
  || { echo "the engine is already in a swarm: leave it first (docker swarm leave --force)" >&2; exit 2; }

# ---------------------------------------------------------------- the two-node swarm (ENGINE.md)
GWBRIDGE_EXISTED=0
$DOCKER network inspect docker_gwbridge >/dev/null 2>&1 && GWBRIDGE_EXISTED=1
teardown() {
  set +e
  $DOCKER stack rm bsw bsp >/dev/null 2>&1
  $DOCKER -H unix://$N2_SOCK swarm leave --force >/dev/null 2>&1
  $DOCKER swarm leave --force >/dev/null 2>&1
  [ -f $N2_PID ] && kill "$(cat $N2_PID)" 2>/dev/null
  for _ in $(seq 40); do [ -e $N2_PID ] || break; sleep 0.5; done
  grep -o " ${N2_EXEC}[^ ]*\| ${N2_DATA}[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  ip netns del $NS 2>/dev/null; ip link del $VH 2>/dev/null
  rm -rf --one-file-system $N2_DATA $N2_EXEC $N2_SOCK $N2_PID
  [ $GWBRIDGE_EXISTED = 1 ] || $DOCKER network rm docker_gwbridge >/dev/null 2>&1
  rm -rf "$WORK"
}
trap teardown EXIT
ip netns add $NS
ip link add $VH type veth peer name $VN && ip link set $VN netns $NS
ip addr add 10.231.0.1/24 dev $VH && ip link set $VH up
ip netns exec $NS sh -c "ip addr add 10.231.0.2/24 dev $VN; ip link set $VN up; ip link set lo up"
mkdir -p $N2_DATA $N2_EXEC
nsenter --net=/run/netns/$NS dockerd --data-root $N2_DATA --exec-root $N2_EXEC --pidfile $N2_PID \
  --host unix://$N2_SOCK >"$WORK/n2.log" 2>&1 &
for _ in $(seq 120); do $DOCKER -H unix://$N2_SOCK version >/dev/null 2>&1 && break; sleep 0.5; done
$DOCKER swarm init --advertise-addr 10.231.0.1 --listen-addr 10.231.0.1:2377 \
  --default-addr-pool 10.231.128.0/17 >/dev/null
$DOCKER -H unix://$N2_SOCK swarm join --advertise-addr 10.231.0.2 --listen-addr 10.231.0.2:2377 \
  --token "$($DOCKER swarm join-token -q worker)" 10.231.0.1:2377 >/dev/null
$DOCKER save onyx-test/busybox:1 | $DOCKER -H unix://$N2_SOCK load -q >/dev/null
echo "two-node swarm: $($DOCKER node ls --format '{{.Hostname}}/{{.Status}}/{{.ManagerStatus}}' | tr '\n' ' ')"

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

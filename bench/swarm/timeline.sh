#!/usr/bin/env bash
# One recorded deploy of the reference stack on the two-node swarm of run.sh, to see where the time of
# `onyx-deploy up --swarm` goes: per task, when its service was made, each task state's time from the
# manager's task list (Status.Timestamp, polled every 50 ms), the container's start, exit and first
# healthy (from both engines' events), and the CLI's progress lines, all in seconds after the CLI's start.
#
#   flock /work/.locks/bench flock /work/.locks/engine bench/swarm/timeline.sh          # ours
#   WHO="lib peer" OUT=/tmp/tl bench/swarm/timeline.sh                                  # ours, then the peer
#   CLI=/elsewhere/onyx-deploy bench/swarm/timeline.sh          # another build (its jar beside it, as in a checkout)
#
# The poller adds load of its own (two reads every 50 ms): use it to find where time goes, and
# run.sh, which has none, for the numbers. Needs what run.sh needs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REF=${STACK:-$ROOT/bench/deploy/reference-stack.yaml}
JAR=${JAR:-$ROOT/onyx-deploy-cli/target/onyx-deploy.jar}
DOCKER=${DOCKER:-docker}
export BENCH_INTERVAL=${BENCH_INTERVAL:-1s}
WORK=$(mktemp -d)
OUT=${OUT:-$ROOT/bench/swarm/timeline-out}
PY="python3 $ROOT/bench/swarm/timeline.py"
mkdir -p "$OUT"
source "$ROOT/bench/swarm/twonode.sh"
sed -e 's/"127.0.0.1:18080:8080"/"18080:8080"/' "$REF" | awk '
  /^    depends_on:/ {skip=1; next}
  skip && /^      / {next}
  {skip=0; print}' >"$WORK/peer.yaml"
LONG_RUNNING=$(awk '/^  [a-z-]+:$/ {s=$1; sub(":","",s)} /healthcheck:/ {print s}' "$REF" | sort -u | wc -l)
export ONYX_DEPLOY_NO_BUILD=1
CLI=${CLI:-$ROOT/onyx-deploy}   # another build of the launcher and jar, to compare
lib() { "$CLI" "$@"; }
lib --version >/dev/null
peer() {
  $DOCKER stack deploy --resolve-image never -c "$WORK/peer.yaml" bsp
  while :; do
    up=$($DOCKER service ls --filter label=com.docker.stack.namespace=bsp --format '{{.Name}} {{.Replicas}}' \
      | grep -v '_migrate ' | awk '{split($2, r, "/"); if (r[1] == r[2] && r[2] > 0) n++} END {print n+0}')
    [ "$up" -ge "$LONG_RUNNING" ] && break
    sleep 0.1
  done
  echo "all long-running services healthy"
}
# CPU seconds (user + system) the two engines have used so far
engines_cpu() {
  local p tck; tck=$(getconf CLK_TCK)
  for p in "$(cat /var/run/docker.pid)" "$(cat $N2_PID)"; do awk -v t="$tck" '{printf "%.2f ", ($14 + $15) / t}' /proc/$p/stat; done
}
for who in ${WHO:-lib}; do
  stack=bsw; [ "$who" = peer ] && stack=bsp
  $PY poll /var/run/docker.sock $stack "$OUT/$who.poll" & p1=$!
  $DOCKER events --format '{{json .}}' --filter type=container >"$OUT/$who.events-manager" & p2=$!
  $DOCKER -H unix://$N2_SOCK events --format '{{json .}}' --filter type=container >"$OUT/$who.events-worker" & p3=$!
  sleep 1
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  cpu0=$(engines_cpu)
  t0=$(date +%s.%N)
  if [ "$who" = lib ]; then
    /usr/bin/time -f "CPU seconds of the CLI: %U user, %S system" -o "$OUT/$who.cpu" "$CLI" up --swarm \
      --plain -f "$REF" -p bsw --timeout 600 2>&1 | $PY stamp >"$OUT/$who.cli"
  else
    peer 2>&1 | $PY stamp >"$OUT/$who.cli"
  fi
  t1=$(date +%s.%N)
  cpu1=$(engines_cpu)
  sleep 1
  kill $p1 $p2 $p3 2>/dev/null || true
  wait $p1 $p2 $p3 2>/dev/null || true
  { echo "$who: $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}') s, load before $load, after $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "CPU seconds of the engines meanwhile (manager, worker): $(echo "$cpu0 $cpu1" | awk '{printf "%.2f, %.2f", $3-$1, $4-$2}')"
    [ "$who" = lib ] && cat "$OUT/$who.cpu"
    $PY table "$t0" "$OUT/$who.poll" "$OUT/$who.events-manager" "$OUT/$who.events-worker" "$OUT/$who.cli"
  } | tee "$OUT/$who.timeline"
  if [ "$who" = lib ]; then lib down --swarm -p bsw >/dev/null; else $DOCKER stack rm bsp >/dev/null; fi
  for _ in $(seq 150); do
    [ -z "$($DOCKER network ls -q --filter label=com.docker.stack.namespace=$stack)" ] && break
    sleep 0.2
  done
done

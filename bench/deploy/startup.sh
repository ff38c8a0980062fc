#!/usr/bin/env bash
# Where a short onyx-deploy run spends its time: the same steps as `up`, each added to the one before,
# each a whole process run through the launcher (./onyx-deploy), alternating, medians of ROUNDS runs.
#
#   bench/deploy/startup.sh              # ROUNDS=7; deploys the reference stack as project bs first
#   CDS=0 bench/deploy/startup.sh        # the same without the class-data archive
#
#   jvm          java -Xshare:auto -version (a JVM that starts and stops)
#   version      onyx-deploy --version (JVM + the CLI's own classes + picocli's root model)
#   validate     onyx-deploy validate -f STACK (+ the verb's model, YAML load, interpolation, validation)
#   ps           onyx-deploy ps -p bs (+ engine connection and one container list; no YAML)
#   up-noop      onyx-deploy up -f STACK -p bs on the deployed stack (+ YAML, observe, plan: a no-op)
#   compose-noop docker compose -p bsc -f STACK up -d --wait on its deployed stack (the peer)
# and, for one no-op up, a class-load timeline (-Xlog:class+load with uptime): when the verb's model,
# the YAML reader, the engine connection and the apply begin.
# Needs what bench/deploy/run.sh needs. Run under the bench and engine locks on a shared machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACK=${STACK:-$ROOT/bench/deploy/reference-stack.yaml}
ROUNDS=${ROUNDS:-7}
DOCKER=${DOCKER:-docker}
LAUNCHER=$ROOT/onyx-deploy
export BENCH_INTERVAL=${BENCH_INTERVAL:-1s}
[ "${CDS:-1}" = 1 ] || export ONYX_DEPLOY_CDS=0
RES=$(mktemp); TL=$(mktemp)
# compose's copy of the stack publishes 18081 instead of 18080: both projects stay deployed side by side
CSTACK=$(dirname "$STACK")/.startup-compose-$$.yaml
sed 's/127.0.0.1:18080:/127.0.0.1:18081:/' "$STACK" > "$CSTACK"
lib() { "$LAUNCHER" "$@"; }
compose() { $DOCKER compose -p bsc -f "$CSTACK" "$@"; }
cleanup() {
  lib down -p bs >/dev/null 2>&1 || true
  compose down -t 1 >/dev/null 2>&1 || true
  rm -f "$RES" "$TL" "$CSTACK"
}
trap cleanup EXIT

lib --version >/dev/null   # builds the jar and its class-data archive if needed: not measured
lib up --plain -f "$STACK" -p bs >/dev/null || { echo "deploying the reference stack as bs failed" >&2; exit 1; }
compose up -d --wait >/dev/null 2>&1 || { echo "docker compose up of the reference stack as bsc failed" >&2; exit 1; }

steps=(
  "jvm|java -Xshare:auto -version"
  "version|$LAUNCHER --version"
  "validate|$LAUNCHER validate -f $STACK"
  "ps|$LAUNCHER ps -p bs"
  "up-noop|$LAUNCHER up --plain -f $STACK -p bs"
  "compose-noop|$DOCKER compose -p bsc -f $CSTACK up -d --wait"
)
echo "$ROUNDS rounds, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), CDS=${CDS:-1}"
for r in $(seq "$ROUNDS"); do
  for s in "${steps[@]}"; do
    /usr/bin/time -f "${s%%|*} %e %U %S" -a -o "$RES" bash -c "${s#*|}" >/dev/null 2>&1
  done
done
med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "| step | wall, median (s) | CPU user+sys, median (s) |"
echo "|---|---|---|"
for s in "${steps[@]}"; do
  n=${s%%|*}
  echo "| $n | $(grep "^$n " "$RES" | awk '{print $2}' | med) | $(grep "^$n " "$RES" | awk '{print $3+$4}' | med) |"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# one no-op up with a class-load timeline: seconds since JVM start when each part's first class loads
ONYX_DEPLOY_JAVA_OPTS="-Xlog:class+load:file=$TL:uptime" lib up --plain -f "$STACK" -p bs >/dev/null
at() { grep -m1 "$1" "$TL" | sed 's/^\[\([0-9.]*\)s\].*/\1/'; }
echo
echo "timeline of one no-op up (s since JVM start): main $(at 'dev.onyx.deploy.cli.OnyxDeploy '), up's model $(at 'dev.onyx.deploy.cli.UpCommand '), YAML $(at 'dev.onyx.deploy.compose.ComposeReader '), engine connection $(at 'dev.onyx.deploy.docker.DockerEngine '), apply $(at 'dev.onyx.deploy.docker.Applier '), last class $(tail -1 "$TL" | sed 's/^\[\([0-9.]*\)s\].*/\1/')"
echo "classes loaded: $(wc -l < "$TL"), from the class-data archives: $(grep -c 'shared objects file' "$TL"), from the jar: $(grep -c 'source: file' "$TL"), from the JDK image: $(grep -c 'source: jrt' "$TL")"

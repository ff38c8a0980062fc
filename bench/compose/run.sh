#!/usr/bin/env bash
# Compose emit + load benchmark (see bench/README.md). Usage: bench/compose/run.sh [SERVICES] [ROUNDS]
# Alternates, ROUNDS times: one onyx-deploy process (write the project of a SERVICES-service stack,
# then read it back) and one `docker compose config` process on the same project (compose's own
# load + normalise + emit), then prints each run and the medians with their ratio.
# JVM_OPTS (default empty: a plain `java`) is passed to the benchmark's JVMs, e.g.
# JVM_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" (the flags the CLI launcher uses).
# AUTOGROUP_NICE=-10 (or -20) raises this session's scheduler share on a machine shared with other
# work (Linux autogroups; as in bench/bundle/run.sh), for both sides alike; run it under setsid.
set -euo pipefail
if [[ -n "${AUTOGROUP_NICE:-}" && -w /proc/$$/autogroup ]]; then
  echo "$AUTOGROUP_NICE" > /proc/$$/autogroup && echo "autogroup: $(cat /proc/$$/autogroup)"
fi
N="${1:-1000}"
ROUNDS="${2:-5}"
read -r -a JOPTS <<< "${JVM_OPTS:-}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/bench/compose/target"
mkdir -p "$OUT/classes"
MVN="mvn"; [[ -x "$ROOT/mvnw" ]] && MVN="$ROOT/mvnw"
# Compiled in the reactor, nothing installed: core resolves to its target/classes, the last module's
# classpath (compose's) is the one left in cp.txt.
(cd "$ROOT" && "$MVN" -q -o -B -DskipTests -pl onyx-deploy-core,onyx-deploy-compose compile \
  dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=runtime >&2)
CP="$ROOT/onyx-deploy-compose/target/classes:$(cat "$OUT/cp.txt")"
javac -d "$OUT/classes" -cp "$CP" "$ROOT/bench/compose/ComposeBench.java"
CP="$OUT/classes:$CP"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

now() { date +%s%N; }
ours=(); peer=()
for r in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/p"
  t0=$(now)
  line=$(java "${JOPTS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" ComposeBench once "$N" "$WORK/p")
  t1=$(now)
  (cd "$WORK/p" && docker compose -f compose.yaml config >/dev/null)
  t2=$(now)
  o=$(( (t1 - t0) / 1000000 )); p=$(( (t2 - t1) / 1000000 ))
  ours+=("$o"); peer+=("$p")
  echo "round $r: onyx-deploy process ${o} ms ($line) | docker compose config ${p} ms | load avg $(cut -d' ' -f1-3 /proc/loadavg)"
done
java "${JOPTS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" ComposeBench warm "$N" 7 "$WORK/w"
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(median "${ours[@]}"); mp=$(median "${peer[@]}")
echo "median: onyx-deploy ${mo} ms, docker compose config ${mp} ms, ratio $(awk "BEGIN {printf \"%.2f\", $mo / $mp}")"

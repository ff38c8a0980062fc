#!/usr/bin/env bash
# Readiness-to-start latency of one deploy: for each service with depends_on, the time from the
# moment the last of its dependencies met its condition, as the engine reports it in its event
# stream (health_status: healthy / start / die with exit code 0), to the moment the deploying tool
# says it starts the service (onyx-deploy: "SERVICE: starting"; docker compose: "Container
# PROJECT-SERVICE-1  Starting"). The target is under 100 ms between "a container becomes healthy"
# and "its dependants start".
#
#   bench/deploy/latency.sh PROJECT -- COMMAND...     # runs COMMAND (the deploy) and measures it
#
#   bench/deploy/latency.sh bl -- java -jar onyx-deploy-cli/target/onyx-deploy.jar up --plain -f bench/deploy/reference-stack.yaml -p bl
#   bench/deploy/latency.sh bc -- docker compose -p bc -f bench/deploy/reference-stack.yaml up -d --wait
#
# STACK (default: the reference stack) is the compose file deployed; it gives each dependency's
# condition. Needs docker, docker compose v2 and jq. The engine's events are recorded live (the
# engine keeps only its last 256 events for later readers, and healthcheck execs fill that fast).
# Prints one line per service and "latency median X ms, max Y ms (N services)".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STACK=${STACK:-$ROOT/bench/deploy/reference-stack.yaml}
DOCKER=${DOCKER:-docker}
P=$1
shift
[ "${1:-}" = "--" ] && shift
WORK=$(mktemp -d)
trap 'kill "$EV" 2>/dev/null || true; rm -rf "$WORK"' EXIT

$DOCKER events --filter type=container --filter "label=com.docker.compose.project=$P" \
  --format '{{json .}}' >"$WORK/events.json" &
EV=$!
sleep 0.5
# the tool's output, each line with the wall-clock time it was read (ms)
"$@" 2>&1 | while IFS= read -r line; do
  printf '%s %s\n' "$(date +%s%3N)" "$line"
done >"$WORK/out.txt"
sleep 0.5
kill "$EV" 2>/dev/null || true
wait "$EV" 2>/dev/null || true

{
  jq -r 'select(.status == "start" or .status == "health_status: healthy" or .status == "die")
    | "ev \(.Actor.Attributes["com.docker.compose.service"]) \(.status | gsub("[: ]+"; "_"))"
      + " \(.Actor.Attributes.exitCode // "-") \(.timeNano)"' "$WORK/events.json"
  $DOCKER compose -p "$P" -f "$STACK" config --format json | jq -r '
    .services | to_entries[] | .key as $s | (.value.depends_on // {}) | to_entries[]
    | "dep \($s) \(.key) \(.value.condition)"'
  # onyx-deploy: "<ms> db: starting"; compose: "<ms>  Container bc-db-1  Starting"
  awk -v p="$P" '
    $2 ~ /:$/ && $3 == "starting" { s = $2; sub(/:$/, "", s); print "go " s " " $1 }
    $2 == "Container" && $4 == "Starting" { s = $3; sub("^" p "-", "", s); sub(/-[0-9]+$/, "", s); print "go " s " " $1 }
  ' "$WORK/out.txt"
} | awk '
  $1 == "ev" {
    s = $2; t = $5 / 1e6
    if ($3 == "start" && !(s in started)) started[s] = t
    if ($3 == "health_status_healthy" && !(s in healthy)) healthy[s] = t
    if ($3 == "die" && $4 == "0" && !(s in done)) done[s] = t
  }
  $1 == "dep" { n[$2]++; dep[$2, n[$2]] = $3; cond[$2, n[$2]] = $4 }
  $1 == "go" && !($2 in go) { go[$2] = $3 }
  END {
    count = 0
    for (s in n) {
      if (!(s in go)) { print s ": the tool did not say it starts it"; continue }
      ready = 0; last = ""
      for (i = 1; i <= n[s]; i++) {
        d = dep[s, i]; c = cond[s, i]
        t = (c == "service_healthy") ? healthy[d] : (c == "service_completed_successfully") ? done[d] : started[d]
        if (t == "") { continue }
        if (t > ready) { ready = t; last = d " " c }
      }
      if (ready == 0) { continue }
      l = go[s] - ready
      printf "%-14s starting %7.1f ms after %s\n", s, l, last
      lat[++count] = l
    }
    if (count == 0) { print "latency: no dependants"; exit }
    for (i = 2; i <= count; i++) { v = lat[i]; j = i - 1; while (j > 0 && lat[j] > v) { lat[j + 1] = lat[j]; j-- } lat[j + 1] = v }
    med = (count % 2) ? lat[(count + 1) / 2] : (lat[count / 2] + lat[count / 2 + 1]) / 2
    printf "latency median %.1f ms, max %.1f ms (%d services)\n", med, lat[count], count
  }'

#!/bin/sh
# Offline-bundle benchmark: onyx-deploy `Bundle.create` vs the peer `docker save A B | gzip -6`,
# same payload, same run, alternating order each round. See bench/README.md.
#
#   sh bench/bundle/run.sh [ROUNDS]          (default 3; LEVELS="3 6" to also time other levels)
# Records wall time (the target) and CPU time (user+sys of the process tree, via /usr/bin/time; the
# engine's own work to produce the tar is in neither) with the load average at the start of each run.
# On a machine shared with other work, AUTOGROUP_NICE=-10 raises this session's scheduler share (Linux
# autogroups) for the peer and for us alike, so that both are measured closer to an idle machine.
#
# Payload: onyx-test/services:1 (~730 MB: Debian + PostgreSQL, Redis, nginx) and its base
# onyx-test/debian:bookworm (~200 MB), made by the test-support module (TestImages.realServices()).
set -eu
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
LEVELS=${LEVELS:-3}
A=onyx-test/services:1
B=onyx-test/debian:bookworm
W=${BENCH_DIR:-/tmp/onyx-bundle-bench}
mkdir -p "$W/classes"
if [ -n "${AUTOGROUP_NICE:-}" ] && [ -w /proc/$$/autogroup ]; then
  echo "$AUTOGROUP_NICE" > /proc/$$/autogroup && echo "autogroup: $(cat /proc/$$/autogroup)"
fi

for img in "$A" "$B"; do
  docker image inspect "$img" >/dev/null 2>&1 || {
    echo "missing $img: run 'mvn -pl onyx-deploy-test-support verify -Dit.test=RealServicesImageIT' first" >&2; exit 1; }
done

. bench/bundle/classpath.sh

now() { date +%s%N; }
load() { cut -d' ' -f1 /proc/loadavg; }
cpu() { awk '{ printf "%.1f", $1 + $2 }' "$W/cpu"; }
RAW="$W/raw.txt"
: > "$RAW"

peer() {
  rm -f "$W/peer.tar.gz"; l=$(load); t0=$(now)
  /usr/bin/time -f "%U %S" -o "$W/cpu" sh -c "docker save '$A' '$B' | gzip -6 > '$W/peer.tar.gz'"
  t1=$(now)
  echo "round=$1 tool=peer ms=$(( (t1 - t0) / 1000000 )) bytes=$(stat -c %s "$W/peer.tar.gz") load=$l cpu=$(cpu)" | tee -a "$RAW"
}
ours() {
  rm -f "$W/bundle-$2.zip"; l=$(load); t0=$(now)
  line=$(/usr/bin/time -f "%U %S" -o "$W/cpu" java -Xmx128m -cp "$CP" BundleBench create "$W/bundle-$2.zip" "$2" "$A" "$B" 2>/dev/null)
  t1=$(now)
  echo "round=$1 tool=create-l$2 ms=$(( (t1 - t0) / 1000000 )) bytes=$(stat -c %s "$W/bundle-$2.zip") load=$l cpu=$(cpu) $line" | tee -a "$RAW"
  l=$(load); t0=$(now)
  line=$(/usr/bin/time -f "%U %S" -o "$W/cpu" java -Xmx128m -cp "$CP" BundleBench verify "$W/bundle-$2.zip" 2>/dev/null)
  t1=$(now)
  echo "round=$1 tool=verify-l$2 ms=$(( (t1 - t0) / 1000000 )) bytes=$(stat -c %s "$W/bundle-$2.zip") load=$l cpu=$(cpu) $line" | tee -a "$RAW"
}

i=1
while [ "$i" -le "$ROUNDS" ]; do
  if [ $((i % 2)) -eq 1 ]; then
    peer "$i"; for lv in $LEVELS; do ours "$i" "$lv"; done
  else
    for lv in $LEVELS; do ours "$i" "$lv"; done; peer "$i"
  fi
  i=$((i + 1))
done

echo
echo "medians (ms, bytes) and ratios to the peer:"
awk '
  { delete v; for (f = 1; f <= NF; f++) { split($f, kv, "="); if (!(kv[1] in v)) v[kv[1]] = kv[2] }
    t = v["tool"]; ms[t, ++n[t]] = v["ms"]; cp[t, n[t]] = v["cpu"]; by[t] = v["bytes"]; hp[t] = (v["heapPeakMiB"] > hp[t] ? v["heapPeakMiB"] : hp[t]) }
  function cmedian(t,   i, j, a, k, tmp) { k = n[t]; for (i = 1; i <= k; i++) a[i] = cp[t, i];
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  function median(t,   i, j, a, k, tmp) { k = n[t]; for (i = 1; i <= k; i++) a[i] = ms[t, i];
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  END { p = median("peer"); pc = cmedian("peer");
    printf "| run | median wall | median CPU | size | wall / peer | CPU / peer | size / peer | verify / create (wall) | peak heap (-Xmx128m) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    printf "| peer: docker save, gzip -6 | %.1f s | %.1f s | %.1f MB | 1.00 | 1.00 | 1.000 | | |\n", p / 1000, pc, by["peer"] / 1e6;
    for (t in n) if (t ~ /^create-/) { lv = substr(t, 8); c = median(t); cc = cmedian(t); vf = median("verify-" lv);
      printf "| bundle create, level %s | %.1f s | %.1f s | %.1f MB | %.2f | %.2f | %.3f | %.2f | %d MiB |\n", substr(lv, 2), c / 1000, cc, by[t] / 1e6, c / p, cc / pc, by[t] / by["peer"], vf / c, hp[t];
      printf "| bundle verify, level %s | %.1f s | %.1f s | | | | | | %d MiB |\n", substr(lv, 2), vf / 1000, cmedian("verify-" lv), hp["verify-" lv] }
  }' "$RAW"

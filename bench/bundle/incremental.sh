#!/bin/sh
# Upgrade-bundle benchmark: an incremental bundle of NEW made on the full bundle of OLD
# (`BundleBench create-since`) vs the peer `docker save NEW | gzip -6`, same run, alternating order
# each round; and the incremental bundle's size vs the changed layers compressed alone. See
# bench/README.md ("Upgrade bundles").
#
#   sh bench/bundle/incremental.sh [ROUNDS]        (default 3; LEVEL=6 by default, as gzip -6)
#
# OLD: onyx-test/services:1 (~730 MB: Debian + PostgreSQL, Redis, nginx; TestImages.realServices()).
# NEW: OLD plus two top layers, as an application upgrade changes them: 24 MB of incompressible
# bytes (a binary) and a copy of /usr/share/perl (text, ~30 MB, compresses well). Built once, then
# reused by tag; removed by `docker rmi onyx-bench/services:2`.
set -eu
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
LEVEL=${LEVEL:-6}
OLD=onyx-test/services:1
NEW=onyx-bench/services:2
W=${BENCH_DIR:-/tmp/onyx-bundle-incremental-bench}
mkdir -p "$W"

docker image inspect "$OLD" >/dev/null 2>&1 || {
  echo "missing $OLD: run './mvnw verify -pl onyx-deploy-test-support -am -Dit.test=RealServicesImageIT' first" >&2; exit 1; }
if ! docker image inspect "$NEW" >/dev/null 2>&1; then
  mkdir -p "$W/new"
  printf 'FROM %s\nRUN mkdir -p /opt/app && head -c 24000000 /dev/urandom > /opt/app/app.bin\nRUN cp -a /usr/share/perl /opt/app/lib\n' "$OLD" > "$W/new/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$NEW" "$W/new" >/dev/null
fi

. bench/bundle/classpath.sh

# the changed layers: NEW's layers that OLD does not have, each compressed alone with gzip -6
changed_compressed() {
  rm -rf "$W/x" && mkdir -p "$W/x"
  docker save "$NEW" | tar -C "$W/x" -xf -
  old_layers=$(docker image inspect "$OLD" --format '{{range .RootFS.Layers}}{{println .}}{{end}}')
  total=0
  for f in "$W"/x/*/layer.tar; do
    d="sha256:$(sha256sum "$f" | cut -d' ' -f1)"
    if ! printf '%s\n' "$old_layers" | grep -qx "$d"; then
      n=$(gzip -6 -c "$f" | wc -c)
      echo "changed layer $d: $(stat -c %s "$f") bytes, gzip -6 $n bytes" >&2
      total=$((total + n))
    fi
  done
  rm -rf "$W/x"
  echo "$total"
}
CHANGED=$(changed_compressed)
echo "changed layers, compressed alone (gzip -6): $CHANGED bytes"

# the base: a full bundle of OLD (not timed)
[ -f "$W/old.zip" ] || java -Xmx128m -cp "$CP" BundleBench create "$W/old.zip" "$LEVEL" "$OLD" >/dev/null 2>&1

now() { date +%s%N; }
load() { cut -d' ' -f1 /proc/loadavg; }
RAW="$W/raw.txt"
: > "$RAW"
peer() {
  rm -f "$W/peer.tar.gz"; l=$(load); t0=$(now)
  docker save "$NEW" | gzip -6 > "$W/peer.tar.gz"
  t1=$(now)
  echo "round=$1 tool=peer ms=$(( (t1 - t0) / 1000000 )) bytes=$(stat -c %s "$W/peer.tar.gz") load=$l" | tee -a "$RAW"
}
ours() {
  rm -f "$W/inc.zip"; l=$(load); t0=$(now)
  line=$(java -Xmx128m -cp "$CP" BundleBench create-since "$W/inc.zip" "$LEVEL" "$W/old.zip" "$NEW" 2>/dev/null)
  t1=$(now)
  echo "round=$1 tool=incremental ms=$(( (t1 - t0) / 1000000 )) bytes=$(stat -c %s "$W/inc.zip") load=$l $line" | tee -a "$RAW"
}
i=1
while [ "$i" -le "$ROUNDS" ]; do
  if [ $((i % 2)) -eq 1 ]; then peer "$i"; ours "$i"; else ours "$i"; peer "$i"; fi
  i=$((i + 1))
done

echo
awk -v changed="$CHANGED" -v level="$LEVEL" '
  { delete v; for (f = 1; f <= NF; f++) { split($f, kv, "="); if (!(kv[1] in v)) v[kv[1]] = kv[2] }
    t = v["tool"]; ms[t, ++n[t]] = v["ms"]; by[t] = v["bytes"] }
  function median(t,   i, j, a, k, tmp) { k = n[t]; for (i = 1; i <= k; i++) a[i] = ms[t, i];
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  END { p = median("peer"); c = median("incremental");
    printf "| run | median wall | size | time / peer | size / changed layers (gzip -6) |\n|---|---:|---:|---:|---:|\n";
    printf "| peer: docker save NEW, gzip -6 | %.1f s | %.1f MB | 1.00 | %.2f |\n", p / 1000, by["peer"] / 1e6, by["peer"] / changed;
    printf "| incremental bundle on OLD (level %s) | %.1f s | %.1f MB | %.2f | %.3f |\n", level,
      c / 1000, by["incremental"] / 1e6, c / p, by["incremental"] / changed;
    printf "\ntargets: time / peer <= 0.5: %s; size / changed <= 1.05: %s\n", (c / p <= 0.5 ? "met" : "NOT met"),
      (by["incremental"] / changed <= 1.05 ? "met" : "NOT met") }' "$RAW"

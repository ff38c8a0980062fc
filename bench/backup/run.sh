#!/bin/sh
# Backup benchmark: onyx-deploy `Backups.create` / `Backups.restore` vs the shell way an operator
# would take (issue 12), on the same data, in the same run, alternating order each round.
#
#   sh bench/backup/run.sh [ROUNDS]      (default 3; run it under both locks, see bench/README.md)
#
# Data: a PostgreSQL 15 database whose pg_dumpall is >= 200 MB and a volume of >= 300 MB of mixed
# files (a copy of the image's /usr/lib and /usr/share: binaries, libraries, text, many small files;
# plus 64 MB of random bytes), on the real-services test image (TestImages.realServices()).
# Shell way (backup):  docker exec DB pg_dumpall | gzip -6 > db.sql.gz
#                      docker run --rm -v VOL:/v IMAGE tar -C /v -c . | gzip -6 > vol.tgz
# Shell way (restore): gunzip -c db.sql.gz | docker exec -i DB psql ; gunzip -c vol.tgz | docker run -i ... tar -x
# Before each restore (ours and theirs) the target is emptied the same way, outside the timing.
# Floors measured in the same run: pg_dumpall alone to /dev/null, `tar -c` of the volume alone to
# /dev/null, the engine's archive endpoint alone (what we read the volume through), psql of the
# uncompressed dump alone.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$root/onyx-deploy-backup/pom.xml" ] || root=$(pwd)   # a copy run from elsewhere: the current folder
cd "$root"
ROUNDS=${1:-3}
P=${BENCH_PROJECT:-onyx-bench-backup}
W=${BENCH_DIR:-/tmp/onyx-backup-bench}
IMG=onyx-test/services:1
DB="$P-db-1"
VOL="${P}_files"
mkdir -p "$W/classes" "$W/state"
if [ -n "${AUTOGROUP_NICE:-}" ] && [ -w /proc/$$/autogroup ]; then
  echo "$AUTOGROUP_NICE" > /proc/$$/autogroup && echo "autogroup: $(cat /proc/$$/autogroup)"
fi
docker image inspect "$IMG" >/dev/null 2>&1 || {
  echo "missing $IMG: run 'mvn -pl onyx-deploy-test-support verify -Dit.test=RealServicesImageIT' first" >&2; exit 1; }

# build (no install into ~/.m2): reactor classes + the runtime classpath
./mvnw -q -o -B -pl onyx-deploy-backup -am compile dependency:build-classpath -Dmdep.outputFile="$W/cp.txt" \
  -Dmdep.includeScope=runtime -Djacoco.skip >/dev/null
CP="$W/classes:onyx-deploy-core/target/classes:onyx-deploy-docker/target/classes:onyx-deploy-backup/target/classes:$(cat "$W/cp.txt")"
javac -d "$W/classes" -cp "$CP" bench/backup/BackupBench.java
J="java -Xmx128m ${LEVEL:+-Dlevel=$LEVEL} -cp $CP BackupBench"
Jt() { if [ -n "$TIME" ]; then $TIME -f "%U %S" -o "$W/time.txt" java -Xmx128m ${LEVEL:+-Dlevel=$LEVEL} -cp "$CP" BackupBench "$@"; else echo "0 0" > "$W/time.txt"; $J "$@"; fi; }

now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }
load() { cut -d' ' -f1 /proc/loadavg; }
RAW="$W/raw.txt"
: > "$RAW"
: > "$W/progress.txt"   # ours' progress lines, each with its time since the JVM's start
rec() { echo "$*" | tee -a "$RAW"; }
# CPU time (ms) the engine's daemon has used so far: the archive endpoint's tar runs inside it
engine_cpu() { p=$(pidof dockerd 2>/dev/null | cut -d' ' -f1); [ -n "$p" ] && awk -v t="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / t) }' "/proc/$p/stat" || echo 0; }
# our JVM's CPU time (user + sys, ms) as /usr/bin/time wrote it
jvm_cpu() { awk '{ print int(($1 + $2) * 1000) }' "$W/time.txt"; }
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=""
psql_db() { docker exec "$DB" sh -c "PGPASSWORD=\"\$POSTGRES_PASSWORD\" psql -X -q -U postgres $1"; }

# ---- data (once; kept between runs unless BENCH_FRESH=1)
if [ "${BENCH_FRESH:-0}" = 1 ]; then $J down "$P" "$W/state" >/dev/null 2>&1 || true; fi
$J up "$P" "$W/state" >/dev/null
# up leaves a container that exited 0 as it is (it reads as a finished one-shot): the writer must run
docker start "$P-app-1" >/dev/null
if ! psql_db "-tAc \"select 1 from pg_database where datname='bench'\"" | grep -q 1; then
  echo "making the data (once)..."
  psql_db "-c 'create database bench'"
  psql_db "-d bench -c \"create table orders (id bigint primary key, customer text, item text, qty int, price numeric(10,2), placed timestamptz, note text);
    insert into orders select g, 'customer-' || (g % 50000), md5(g::text), g % 17, (g % 10000) / 100.0,
      timestamptz '2024-01-01' + g * interval '7 seconds', case when g % 5 = 0 then repeat('lorem ipsum ', 3) else '' end
      from generate_series(1, 2300000) g;
    create index on orders (customer);\""
  docker exec "$P-app-1" sh -c 'mkdir -p /data/usr /data/random && cp -a /usr/lib /usr/share /data/usr/ &&
    for i in $(seq 1 32); do head -c 2M /dev/urandom > /data/random/blob-$i.bin; done'
fi
DUMP_BYTES=$(docker exec "$DB" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" pg_dumpall -U postgres | wc -c')
VOL_BYTES=$(docker exec "$P-app-1" sh -c 'du -sb /data | cut -f1')
VOL_FILES=$(docker exec "$P-app-1" sh -c 'find /data -type f | wc -l')
rec "data dump_bytes=$DUMP_BYTES volume_bytes=$VOL_BYTES volume_files=$VOL_FILES"

reset() {  # empty the target the same way before every restore
  psql_db "-c 'drop database if exists bench'" >/dev/null
  docker run --rm -v "$VOL:/v" "$IMG" sh -c 'rm -rf /v/..?* /v/.[!.]* /v/*'
}

peer_backup() {
  rm -f "$W/db.sql.gz" "$W/vol.tgz"; l=$(load); e0=$(engine_cpu); t0=$(now)
  docker exec "$DB" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" pg_dumpall -U postgres' | gzip -6 > "$W/db.sql.gz"
  docker run --rm -v "$VOL:/v" "$IMG" tar -C /v -c . | gzip -6 > "$W/vol.tgz"
  rec "round=$1 tool=shell-backup ms=$(ms "$t0") bytes=$(( $(stat -c %s "$W/db.sql.gz") + $(stat -c %s "$W/vol.tgz") )) load=$l dockerd_cpu_ms=$(( $(engine_cpu) - e0 ))"
}
ours_backup() {
  rm -f "$W/b.onyxbackup"; l=$(load); e0=$(engine_cpu); t0=$(now)
  line=$(Jt create "$P" "$W/b.onyxbackup" "$W/state" 2>>"$W/progress.txt")
  rec "round=$1 tool=ours-backup ms=$(ms "$t0") bytes=$(stat -c %s "$W/b.onyxbackup") load=$l dockerd_cpu_ms=$(( $(engine_cpu) - e0 )) jvm_cpu_ms=$(jvm_cpu) $line"
}
peer_restore() {
  reset; l=$(load); t0=$(now)
  gunzip -c "$W/db.sql.gz" | docker exec -i "$DB" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" psql -X -q -U postgres -d postgres' >/dev/null 2>&1
  gunzip -c "$W/vol.tgz" | docker run --rm -i -v "$VOL:/v" "$IMG" tar -C /v -x
  rec "round=$1 tool=shell-restore ms=$(ms "$t0") load=$l"
}
ours_restore() {
  reset; l=$(load); t0=$(now)
  line=$(Jt restore "$P" "$W/b.onyxbackup" "$W/state" 2>>"$W/progress.txt")
  rec "round=$1 tool=ours-restore ms=$(ms "$t0") load=$l jvm_cpu_ms=$(jvm_cpu) $line"
}
floors() {
  t0=$(now); docker exec "$DB" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" pg_dumpall -U postgres' > /dev/null
  rec "round=$1 tool=floor-pg_dumpall ms=$(ms "$t0")"
  t0=$(now); docker run --rm -v "$VOL:/v" "$IMG" tar -C /v -c . > /dev/null
  rec "round=$1 tool=floor-tar ms=$(ms "$t0")"
  e0=$(engine_cpu); t0=$(now); line=$(Jt readvol "$P" "$VOL" 2>>"$W/progress.txt")
  rec "round=$1 tool=floor-archive-endpoint ms=$(ms "$t0") dockerd_cpu_ms=$(( $(engine_cpu) - e0 )) jvm_cpu_ms=$(jvm_cpu) $line"
  t0=$(now); gzip -6 -c "$W/b.onyxbackup" > /dev/null
  rec "round=$1 tool=floor-gzip6-of-our-file ms=$(ms "$t0")"
}

i=1
while [ "$i" -le "$ROUNDS" ]; do
  if [ $((i % 2)) -eq 1 ]; then peer_backup "$i"; ours_backup "$i"; else ours_backup "$i"; peer_backup "$i"; fi
  floors "$i"
  if [ $((i % 2)) -eq 1 ]; then peer_restore "$i"; ours_restore "$i"; else ours_restore "$i"; peer_restore "$i"; fi
  i=$((i + 1))
done
# the volume side of a restore, once (before the reset below empties the volume): the raw tar (from the archive endpoint) written into an empty
# scratch volume through the archive endpoint (what the library writes through), and by `tar -x` in a
# container (the shell way without gunzip)
SCRATCH="$P-scratch"
$J readvol "$P" "$VOL" "$W/vol.tar" >/dev/null 2>&1
docker volume create "$SCRATCH" >/dev/null
t0=$(now); line=$($J writevol "$P" "$SCRATCH" "$W/vol.tar" 2>/dev/null)
rec "round=0 tool=floor-archive-put ms=$(ms "$t0") $line"
docker run --rm -v "$SCRATCH:/v" "$IMG" sh -c 'rm -rf /v/..?* /v/.[!.]* /v/*'
t0=$(now); docker run --rm -i -v "$SCRATCH:/v" "$IMG" sh -c 'cd / && tar -x' < "$W/vol.tar"
rec "round=0 tool=floor-tar-x ms=$(ms "$t0")"
docker volume rm "$SCRATCH" >/dev/null
rm -f "$W/vol.tar"
# the heap a backup needs: the same create under a 48 MB heap limit (G1 fills whatever -Xmx allows, so
# the 128 MB run's peak says little about what is needed)
rm -f "$W/small.onyxbackup"; t0=$(now)
line=$(java -Xmx48m -cp "$CP" BackupBench create "$P" "$W/small.onyxbackup" "$W/state" 2>>"$W/progress.txt") && ok=ok || ok=failed
rec "round=0 tool=fits-in-48m ms=$(ms "$t0") $ok $line"
rm -f "$W/small.onyxbackup"
# psql alone on the uncompressed dump (a restore floor), once
gunzip -c "$W/db.sql.gz" > "$W/db.sql"; reset; t0=$(now)
docker exec -i "$DB" sh -c 'PGPASSWORD="$POSTGRES_PASSWORD" psql -X -q -U postgres -d postgres' < "$W/db.sql" >/dev/null 2>&1
rec "round=0 tool=floor-psql-restore ms=$(ms "$t0")"
rm -f "$W/db.sql"
# leave the data restored
$J restore "$P" "$W/b.onyxbackup" "$W/state" force >/dev/null 2>&1 || true

echo
echo "medians and ratios (ours / shell way, same run):"
awk '
  /^data/ { print; next }
  { delete v; for (f = 1; f <= NF; f++) { split($f, kv, "="); if (!(kv[1] in v)) v[kv[1]] = kv[2] }
    t = v["tool"]; x[t, ++n[t]] = v["ms"]; if (v["bytes"] != "") by[t] = v["bytes"];
    if (v["heapPeakMiB"] > hp[t]) hp[t] = v["heapPeakMiB"] }
  function med(t,   i, j, a, k, tmp) { k = n[t]; for (i = 1; i <= k; i++) a[i] = x[t, i];
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
    return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  END {
    for (t in n) printf "  %-26s median %7d ms%s%s\n", t, med(t), (t in by ? "  bytes " by[t] : ""), (hp[t] ? "  heap peak " hp[t] " MiB" : "")
    printf "backup wall %.2fx (target <= 0.6)  size %.3fx (<= 1.05)  restore wall %.2fx (<= 1.0)  heap peak create %d / restore %d MiB (<= 128)\n",
      med("ours-backup") / med("shell-backup"), by["ours-backup"] / by["shell-backup"],
      med("ours-restore") / med("shell-restore"), hp["ours-backup"], hp["ours-restore"] }' "$RAW"

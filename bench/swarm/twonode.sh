# Sourced by run.sh and timeline.sh (not run alone): builds the CLI jar when it is missing or older
# than the sources, checks the engine, and makes the two-node swarm of ../shared/ENGINE.md (the engine
# as manager, a second dockerd in the network namespace onyx-test-n2 as worker, 10.231.0.0/24, overlay
# subnets from 10.231.128.0/17, onyx-test/busybox:1 loaded into the worker), unmade on exit.
# Expects ROOT, JAR, DOCKER and WORK set; sets NS, N2_SOCK and the other N2_* paths.
NS=onyx-test-n2 VH=onyx-vh2 VN=onyx-vn2
N2_DATA=/var/lib/onyx-test-n2 N2_EXEC=/run/onyx-test-n2 N2_PID=/run/onyx-test-n2.pid N2_SOCK=/run/onyx-test-n2.sock

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

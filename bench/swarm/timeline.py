#!/usr/bin/env python3
"""Helpers of timeline.sh (one recorded Swarm deploy).

  timeline.py poll SOCKET STACK OUT      the manager's services and tasks of STACK every 50 ms: one JSON
                                         line per new service and per task state first seen
  timeline.py stamp                      copies stdin to stdout, each line prefixed with the wall clock
  timeline.py table T0 POLL EV_M EV_W CLI  per task: when its service and the task were made, each state's
                                         Status.Timestamp, the container's start and first healthy (from
                                         both engines' events), seconds after T0; then the CLI's lines
"""
import datetime, http.client, json, re, socket, sys, time, urllib.parse


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.unix_path)


def poll(sock, stack, out):
    q = urllib.parse.quote(json.dumps({"label": ["com.docker.stack.namespace=" + stack]}))
    c = UnixConnection(sock)
    seen, names = set(), {}
    with open(out, "w", buffering=1) as o:
        while True:
            try:
                c.request("GET", "/v1.41/services?filters=" + q)
                services = json.loads(c.getresponse().read())
                c.request("GET", "/v1.41/tasks?filters=" + q)
                tasks = json.loads(c.getresponse().read())
            except (OSError, http.client.HTTPException, ValueError):
                c = UnixConnection(sock)
                time.sleep(0.05)
                continue
            now = time.time()
            for s in services:
                if s["ID"] not in names:
                    names[s["ID"]] = s["Spec"]["Name"]
                    o.write(json.dumps({"seen": now, "kind": "service", "name": s["Spec"]["Name"],
                                        "created": s["CreatedAt"]}) + "\n")
            for t in tasks:
                key = (t["ID"], t["Status"]["State"])
                if key in seen:
                    continue
                seen.add(key)
                o.write(json.dumps({"seen": now, "kind": "task", "service": names.get(t["ServiceID"], "?"),
                                    "task": t["ID"], "node": t.get("NodeID", ""), "state": t["Status"]["State"],
                                    "ts": t["Status"]["Timestamp"], "created": t["CreatedAt"]}) + "\n")
            time.sleep(0.05)


def stamp():
    for line in sys.stdin:
        sys.stdout.write("%.3f %s" % (time.time(), line))
        sys.stdout.flush()


def epoch(s):
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z", s)
    base = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return base.timestamp() + float("0." + (m.group(2) or "0"))


STATES = ["pending", "assigned", "accepted", "preparing", "ready", "starting", "running", "complete"]


def table(t0, poll_file, ev_manager, ev_worker, cli):
    t0 = float(t0)
    services, tasks = {}, {}
    for line in open(poll_file):
        r = json.loads(line)
        if r["kind"] == "service":
            services[r["name"]] = epoch(r["created"]) - t0
        else:
            d = tasks.setdefault(r["task"], {"service": r["service"], "created": epoch(r["created"]) - t0,
                                             "states": {}})
            d["states"][r["state"]] = epoch(r["ts"]) - t0
    containers = {}
    for path, node in ((ev_manager, "manager"), (ev_worker, "worker")):
        for line in open(path):
            try:
                e = json.loads(line)
            except ValueError:
                continue
            task = e.get("Actor", {}).get("Attributes", {}).get("com.docker.swarm.task.id")
            if not task:
                continue
            c = containers.setdefault(task, {"node": node})
            at, action = e["timeNano"] / 1e9 - t0, e.get("Action", "")
            if action in ("start", "die") and action not in c:
                c[action] = at
            if action.startswith("health_status: healthy") and "healthy" not in c:
                c["healthy"] = at
    cols = ["service", "made"] + STATES + ["c.start", "c.die", "healthy", "node"]
    print(" ".join("%-16s" % cols[0] if i == 0 else "%8s" % x[:8] for i, x in enumerate(cols)))
    fmt = lambda v: "%8s" % ("-" if v is None else "%.2f" % v)
    rows = sorted(tasks.items(), key=lambda kv: (services.get(kv[1]["service"], 1e9), kv[1]["created"]))
    for task, d in rows:
        if "_" not in d["service"]:
            continue
        c = containers.get(task, {})
        print("%-16s" % d["service"].split("_", 1)[1] + " " + " ".join(
            [fmt(services.get(d["service"]))] + [fmt(d["states"].get(s)) for s in STATES]
            + [fmt(c.get("start")), fmt(c.get("die")), fmt(c.get("healthy")), "%8s" % c.get("node", "?")]))
    print()
    for line in open(cli):
        at, _, text = line.partition(" ")
        try:
            print("%7.2f %s" % (float(at) - t0, text.rstrip()))
        except ValueError:
            pass


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "poll":
        poll(*sys.argv[2:5])
    elif cmd == "stamp":
        stamp()
    else:
        table(*sys.argv[2:7])

#!/usr/bin/env python3
"""Durable writes and lists on PostgreSQL with one and with two cordon servers, as ratios
to the same benchmarks on SQLite in the same run.

  bench/postgres_bench.py --cordon build/src/cli/cordon [--seconds 5] [--runs 3]

Each configuration gets a fresh database with one city, one grid and --persons persons:
  sqlite    one server on a SQLite file
  pg x1     one server on a PostgreSQL database (a throwaway cluster on loopback, fsync
            and synchronous_commit on, the same disk)
  pg x2     two servers on that database behind nginx (round robin)
The durable-write benchmark is wrk POSTing places (each a row and its audit entry,
acknowledged only once committed) with 64 connections; the list benchmark is wrk GETting
the first page of persons (limit 50) with 32 connections. Each figure is the median of
--runs runs. The machine is shared: read the ratios, not the absolute numbers.

--lock-profile also samples pg_stat_activity every 10 ms during the PostgreSQL write
runs and prints where the write transactions spend their time: the batch holding the
audit head lock (the one with a transaction id) either inside PostgreSQL ("active") or
waiting for cordon's next statement ("idle in transaction": a round trip plus cordon's
own work), and how often another server's batch waits for that lock.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
from cordon_server import CordonServer  # noqa: E402
sys.path.insert(0, HERE)
import search_bench  # noqa: E402
from nginx_proxy import NginxProxy  # noqa: E402
from postgres_cluster import PostgresCluster, create_database, psql  # noqa: E402


def wrk(port, script, connections, seconds, env):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s",
         os.path.join(HERE, script), f"http://127.0.0.1:{port}"],
        env=dict(os.environ, **env), capture_output=True, text=True, check=True).stdout

    _, p99, rps, bad = search_bench.parse_wrk(out)
    if bad:
        raise RuntimeError(f"{bad} non-2xx answers:\n{out}")
    # Requests slower than wrk's 2 s timeout are not in its latency figures: report them.
    timeouts = re.search(r"timeout (\d+)", out)
    timeouts = int(timeouts.group(1)) if timeouts else 0
    if timeouts:
        print(f"bench: {timeouts} requests timed out (> 2 s) on port {port} ({script})",
              file=sys.stderr)
    return rps, p99, timeouts


def prepare(server, token, persons):
    def post(path, body):
        status, _, text = server.request("POST", path, body, token=token)
        if status != 201:
            raise RuntimeError(f"POST {path}: {status} {text}")
        return json.loads(text)["id"]

    city = post("/api/v1/places", {"kind": "city", "name": "示范市"})
    grid = post("/api/v1/places", {"kind": "grid", "name": "A网格", "parent_id": city})
    for n in range(persons):
        post("/api/v1/persons", {"name": f"居民{n}", "id_type": "passport",
                                 "id_number": f"E{n:08d}", "grid_id": grid})
    return grid


# One sample of the write transactions: the lock holder's state and how many wait.
SAMPLE = ("SELECT COALESCE(max(state) FILTER (WHERE backend_xid IS NOT NULL), 'none'), "
          "count(*) FILTER (WHERE wait_event_type = 'Lock') FROM pg_stat_activity "
          "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid();\n"
          "SELECT pg_sleep(0.01);\n")


class LockProfile:
    """Samples the write transactions of `url` on a psql session until stopped."""

    def __init__(self, url, seconds):
        script = SAMPLE * int(seconds * 100)
        self.proc = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-F", "|", "-d", url],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.out = []
        self.thread = threading.Thread(target=lambda: self.out.append(
            self.proc.communicate(script)[0]))
        self.thread.start()

    def stop(self):
        self.thread.join()
        rows = [line.split("|") for line in self.out[0].splitlines() if "|" in line]
        n = max(1, len(rows))
        held = [r for r in rows if r[0] != "none"]
        return {"samples": len(rows),
                "held": len(held) / n,
                "held_idle": sum(r[0].startswith("idle in transaction") for r in held) / max(1, len(held)),
                "waiting": sum(int(r[1]) > 0 for r in rows) / n}


def drain(url, name):
    """Waits until no write transaction is open on `url` for a second (the servers have
    written the audit entries of the reads just measured, queued as detached units);
    prints how long that took, so that the next phase starts from a quiet writer."""
    start = time.monotonic()
    quiet = 0
    while quiet < 5 and time.monotonic() - start < 300:
        busy = psql(url, "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
                         "AND pid <> pg_backend_pid()").strip()
        quiet = quiet + 1 if busy == "0" else 0
        time.sleep(0.2)
    print(f"bench: after {name}, the writers were busy for another "
          f"{time.monotonic() - start - 1:.1f} s (detached audit entries of the reads)",
          file=sys.stderr)


def measure(name, servers, port, token, grid, args, url=None):
    writes, lists, profiles = [], [], []
    for r in range(args.runs):
        env = {"AUTH_TOKEN": token, "PARENT_ID": str(grid), "RUN_ID": f"{name}{r}".replace(" ", "")}
        profile = LockProfile(url, args.seconds) if url and args.lock_profile else None
        writes.append(wrk(port, "post_places.lua", 64, args.seconds, env))
        if profile:
            profiles.append(profile.stop())
        paths = os.path.join(tempfile.gettempdir(), f"cordon-pg-bench-{os.getpid()}.txt")
        with open(paths, "w") as f:
            f.write("/api/v1/persons?limit=50\n")
        try:
            lists.append(wrk(port, "paths.lua", 32, args.seconds,
                             {"AUTH_TOKEN": token, "PATHS_FILE": paths}))
        finally:
            os.unlink(paths)
    med = lambda rows, i: statistics.median(x[i] for x in rows)  # noqa: E731
    return {"name": name, "write_rps": med(writes, 0), "write_p99": med(writes, 1),
            "write_timeouts": sum(w[2] for w in writes),
            "list_rps": med(lists, 0), "list_p99": med(lists, 1),
            "list_timeouts": sum(x[2] for x in lists), "lock_profile": profiles}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cordon", required=True)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--persons", type=int, default=300)
    ap.add_argument("--lock-profile", action="store_true",
                    help="sample where PostgreSQL write transactions spend their time")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="cordon-pg-bench-") as work, PostgresCluster() as pg:
        sqlite = CordonServer(args.cordon, db=os.path.join(work, "bench.db"))
        try:
            token = sqlite.bootstrap_admin()
            grid = prepare(sqlite, token, args.persons)
            results.append(measure("sqlite", 1, sqlite.port, token, grid, args))
        finally:
            sqlite.cleanup()

        url = create_database(pg.admin_url)
        a = CordonServer(args.cordon, db=url)
        b = CordonServer(args.cordon, db=url)
        try:
            token = a.bootstrap_admin()
            grid = prepare(a, token, args.persons)
            results.append(measure("pg x1", 1, a.port, token, grid, args, url))
            drain(url, "pg x1")
            b.start()
            with NginxProxy([a.port, b.port]) as proxy:
                results.append(measure("pg x2", 2, proxy.port, token, grid, args, url))
        finally:
            a.cleanup()
            b.cleanup()

    base = results[0]
    print(f"{'configuration':<14} {'writes/s':>10} {'write p99':>10} {'x sqlite':>9} "
          f"{'lists/s':>10} {'list p99':>10} {'x sqlite':>9} {'timeouts':>9}")
    for r in results:
        print(f"{r['name']:<14} {r['write_rps']:>10.0f} {r['write_p99']:>8.1f}ms "
              f"{r['write_rps'] / base['write_rps']:>9.2f} {r['list_rps']:>10.0f} "
              f"{r['list_p99']:>8.1f}ms {r['list_rps'] / base['list_rps']:>9.2f} "
              f"{r['write_timeouts'] + r['list_timeouts']:>9}")
    for r in results:
        for p in r["lock_profile"]:
            print(f"{r['name']}: audit head held in {p['held']:.0%} of {p['samples']} samples, "
                  f"the holder idle in transaction (waiting for cordon) in {p['held_idle']:.0%} "
                  f"of those; a batch waiting for it in {p['waiting']:.0%}")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Two (or more) cordon binaries on the same city, side by side: for each load, requests/s,
p50/p99 and the server's CPU time per request (from /proc, so what the server spent, not
what wrk waited). For A/B of a change without the whole `make bench`:

  bench/compare.py --city city.db OLD_CORDON NEW_CORDON [--loads follow search healthz checks]
                   [--runs 2] [--seconds 6] [--read-threads N]

Each binary serves its own copy of the city (the checks load writes into it), alternating
binaries run by run so both meet the same neighbours. The city is any demo city
(`cordon demo --no-serve --residents 200000 --db city.db`); its admin is admin/cordon-admin.
"""

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
sys.path.insert(0, HERE)
from cordon_server import CordonServer  # noqa: E402
import followups_bench  # noqa: E402
import search_bench  # noqa: E402


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def column(db, query):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute(query)]


def measure(binary, city, load, seconds, extra):
    """(p50 ms, p99 ms, requests/s, server CPU us per request) of one run."""
    with CordonServer(binary, db=city, extra_args=extra) as server:
        token = search_bench.api_token(server, "admin", "cordon-admin")
        paths = None
        if load == "follow":
            grids = column(city, "SELECT id FROM nodes WHERE kind = 'grid' ORDER BY id")
            paths = [f"/api/v1/follow-ups/due?grid_id={g}&limit=500"
                     for g in random.Random(11).sample(grids, len(grids))]
        elif load == "search":
            paths = search_bench.search_paths(server, token, random.Random(7), 300)
        elif load == "healthz":
            paths = ["/healthz"]
        before = cpu_seconds(server.proc.pid)
        if paths is None:
            orders = column(city, "SELECT id FROM quarantine_orders WHERE status = 'active'")
            p50, p99, rps, bad = followups_bench.post_checks(server.port, orders, token, 64,
                                                             seconds)
        else:
            paths_file = search_bench.write_paths(paths)
            try:
                p50, p99, rps, bad = search_bench.wrk_latency(server.port, paths_file, 32,
                                                              seconds, token)
            finally:
                os.unlink(paths_file)
        spent = cpu_seconds(server.proc.pid) - before
        if bad:
            raise RuntimeError(f"{binary}: {bad} non-2xx answers on {load}")
        return p50, p99, rps, 1e6 * spent / max(1.0, rps * seconds)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--city", required=True)
    ap.add_argument("--loads", nargs="+", default=["follow", "search", "healthz", "checks"],
                    choices=["follow", "search", "healthz", "checks"])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--seconds", type=int, default=6)
    ap.add_argument("--read-threads", type=int, help="passed to every binary's serve")
    args = ap.parse_args()
    extra = [] if args.read_threads is None else ["--read-threads", str(args.read_threads)]
    with tempfile.TemporaryDirectory(prefix="cordon-compare-") as tmp:
        for load in args.loads:
            for run in range(args.runs):
                for i, binary in enumerate(args.binaries):
                    city = os.path.join(tmp, f"city{i}-{load}-{run}.db")
                    shutil.copyfile(args.city, city)
                    p50, p99, rps, cpu = measure(binary, city, load, args.seconds, extra)
                    print(f"{load:8s} run {run + 1} {binary}: {rps:8.0f} req/s  p50 {p50:6.2f} ms  "
                          f"p99 {p99:7.2f} ms  server CPU {cpu:6.0f} us/req  "
                          f"load {os.getloadavg()[0]:.1f}", flush=True)
                    os.unlink(city)


if __name__ == "__main__":
    sys.exit(main())

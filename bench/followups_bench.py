#!/usr/bin/env python3
"""Follow-ups under load, on a city of 1,000,000 residents with 100,000 active orders.

1. GET /api/v1/follow-ups/due?grid_id=G for one grid at a time (random grids), with wrk:
   p50/p99 latency (goal p99 <= 10 ms).
2. POST /api/v1/health-checks with 64 connections, each one durable before it answers:
   throughput as a ratio to one commit per fsync on the same disk, measured in the same
   run by bench/write_bench (goal >= 10x), and p99 (goal <= 50 ms).

The city is written straight into a fresh cordon database with sqlite3 (the schema is the
one `cordon init` migrated): 1,000 grids, residents spread over them, and the active
orders on a random sample of residents. Each figure is the median of several runs.

  bench/followups_bench.py --cordon build/src/cli/cordon --write-bench build/bench/write_bench
                           [--residents 1000000] [--orders 100000]
"""

import argparse
import datetime
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
sys.path.insert(0, HERE)
from cordon_server import CordonServer  # noqa: E402
import search_bench  # noqa: E402

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def build_city(db, residents, orders, grids, rng):
    """Writes nodes, persons and active orders into the migrated database `db`."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    today = datetime.datetime.now(SHANGHAI).date()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    cur = conn.cursor()
    cur.execute("INSERT INTO nodes (parent_id, kind, name, path, depth, created_at, updated_at) "
                "VALUES (NULL, 'city', '基准市', '/1/', 0, ?, ?)", (now, now))
    city = cur.lastrowid
    streets = []
    for s in range(20):
        cur.execute("INSERT INTO nodes (parent_id, kind, name, path, depth, created_at, updated_at) "
                    "VALUES (?, 'street', ?, '', 1, ?, ?)", (city, f"街道{s}", now, now))
        sid = cur.lastrowid
        cur.execute("UPDATE nodes SET path = ? WHERE id = ?", (f"/{city}/{sid}/", sid))
        streets.append((sid, f"/{city}/{sid}/"))
    grid_ids = []
    for g in range(grids):
        sid, spath = streets[g % len(streets)]
        cur.execute("INSERT INTO nodes (parent_id, kind, name, path, depth, created_at, updated_at) "
                    "VALUES (?, 'grid', ?, '', 2, ?, ?)", (sid, f"网格{g}", now, now))
        gid = cur.lastrowid
        cur.execute("UPDATE nodes SET path = ? WHERE id = ?", (f"{spath}{gid}/", gid))
        grid_ids.append(gid)
    batch = []
    for i in range(residents):
        batch.append((f"居民{i}", f"居民{i}", f"jumin{i}", f"jm{i}", "resident_id", None, "unknown",
                      grid_ids[i % grids], "", "", now, now, 1))
        if len(batch) == 50000:
            cur.executemany(
                "INSERT INTO persons (name, name_simplified, name_pinyin, name_initials, id_type, "
                "id_number, sex, grid_id, address, tags, created_at, updated_at, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            batch = []
    if batch:
        cur.executemany(
            "INSERT INTO persons (name, name_simplified, name_pinyin, name_initials, id_type, "
            "id_number, sex, grid_id, address, tags, created_at, updated_at, version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    chosen = sorted(rng.sample(range(1, residents + 1), orders))
    rows = []
    for pid in chosen:
        grid = grid_ids[(pid - 1) % grids]
        start = today - datetime.timedelta(days=rng.randrange(0, 13))
        rows.append((pid, grid, rng.choice(["home", "home_monitoring", "centralized"]),
                     "close_contact", "active", (start - datetime.timedelta(days=1)).isoformat(),
                     start.isoformat(), (start + datetime.timedelta(days=13)).isoformat(),
                     "manual", 0, 0, "", now, now, 1))
    cur.executemany(
        "INSERT INTO quarantine_orders (person_id, grid_id, kind, reason, status, anchor_date, "
        "start_date, end_date, policy_code, policy_version, stage, note, created_at, updated_at, "
        "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.commit()
    first, last = cur.execute("SELECT MIN(id), MAX(id) FROM quarantine_orders").fetchone()
    conn.close()
    return grid_ids, first, last


def post_checks(port, order_ids, token, connections, seconds):
    """(p50 ms, p99 ms, checks/s, non-2xx answers) of wrk POSTing health checks for
    `order_ids` (active orders) round robin, each answered once durable."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(str(i) for i in order_ids) + "\n")
    try:
        return search_bench.wrk_script(port, "post_checks.lua",
                                       {"ORDERS_FILE": f.name, "AUTH_TOKEN": token},
                                       connections, seconds)
    finally:
        os.unlink(f.name)


def fsync_limit(write_bench, seconds):
    out = subprocess.run([write_bench, "--threads", "1", "--seconds", str(seconds), "--rounds", "1",
                          "--dir", tempfile.gettempdir()],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"fsync limit.*?:\s+([\d.]+) rows/s", out).group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    ap.add_argument("--write-bench", required=True)
    ap.add_argument("--residents", type=int, default=1_000_000)
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--grids", type=int, default=1000)
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--due-connections", type=int, default=32)
    ap.add_argument("--write-connections", type=int, default=64)
    args = ap.parse_args()
    rng = random.Random(11)

    server = CordonServer(args.cordon, extra_args=["--sweep-seconds", "0"])
    try:
        otp = server.init()
        t0 = time.monotonic()
        grids, first, last = build_city(server.db, args.residents, args.orders, args.grids, rng)
        print(f"city: {args.residents} residents, {args.orders} active orders in {args.grids} "
              f"grids, built in {time.monotonic() - t0:.0f} s", flush=True)
        server.start()
        cookie, csrf, _ = server.sign_in("admin", otp)
        server.request("POST", "/api/v1/session/password",
                       {"current_password": otp, "new_password": "bench-password-1"},
                       headers={"Cookie": f"cordon_session={cookie}", "X-CSRF-Token": csrf})
        token = search_bench.api_token(server, "admin", "bench-password-1")

        paths = [f"/api/v1/follow-ups/due?grid_id={g}&limit=500" for g in rng.sample(grids, len(grids))]
        status, _, body = server.request("GET", paths[0], token=token)
        per_grid = len(json.loads(body)["items"])
        paths_file = search_bench.write_paths(paths)
        due = [search_bench.wrk_latency(server.port, paths_file, args.due_connections,
                                        args.seconds, token) for _ in range(args.runs)]
        os.unlink(paths_file)

        limits, writes = [], []
        for _ in range(args.runs):
            limits.append(fsync_limit(args.write_bench, 2))
            writes.append(post_checks(server.port, range(first, last + 1), token,
                                      args.write_connections, args.seconds))
    finally:
        server.cleanup()

    d50 = statistics.median(r[0] for r in due)
    d99 = statistics.median(r[1] for r in due)
    drps = statistics.median(r[2] for r in due)
    w50 = statistics.median(r[0] for r in writes)
    w99 = statistics.median(r[1] for r in writes)
    wrps = statistics.median(r[2] for r in writes)
    limit = statistics.median(limits)
    errors = sum(r[3] for r in due) + sum(r[3] for r in writes)
    print(f"follow-ups due for one grid (~{per_grid} active orders each), {args.due_connections} "
          f"connections, median of {args.runs} runs of {args.seconds} s")
    print(f"  {drps:.0f} req/s, p50 {d50:.2f} ms, p99 {d99:.2f} ms (goal p99 <= 10 ms) "
          f"{'MET' if d99 <= 10 else 'MISSED'}")
    print(f"durable health checks over HTTP, {args.write_connections} connections")
    print(f"  {wrps:.0f} checks/s vs fsync limit {limit:.0f} commits/s: ratio {wrps / limit:.1f}x "
          f"(goal >= 10x) {'MET' if wrps / limit >= 10 else 'MISSED'}; p50 {w50:.2f} ms, "
          f"p99 {w99:.2f} ms (goal <= 50 ms) {'MET' if w99 <= 50 else 'MISSED'}")
    if errors:
        print(f"  non-2xx responses: {errors}")
    print(json.dumps({"figure": "followups_due_p99_ms", "value": d99, "p50": d50, "rps": drps,
                      "goal": 10}))
    print(json.dumps({"figure": "health_check_writes", "value": wrps, "limit": limit,
                      "ratio": wrps / limit, "p99": w99, "goal_ratio": 10, "goal_p99": 50}))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

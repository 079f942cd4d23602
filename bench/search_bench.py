#!/usr/bin/env python3
"""Person search under load: p50/p99 latency of GET /api/v1/persons?q=... on a city.

Starts `cordon serve` on an existing database (build one with `cordon demo --no-serve`),
samples real persons to make queries of every kind (simplified prefix, traditional name,
full pinyin, initials, ID number, phone), and drives them with wrk. Prints the figures
next to the goal; the machine is shared, so each figure is the median of several runs.
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "api"))
from cordon_server import CordonServer  # noqa: E402


def parse_wrk(out):
    """(p50 ms, p99 ms, requests/s, non-2xx answers) from wrk --latency output."""
    def ms(label):
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return ms("50%"), ms("99%"), rps, int(non2xx.group(1)) if non2xx else 0


def wrk_script(port, script, env, connections, seconds):
    """(p50 ms, p99 ms, requests/s, non-2xx answers) of wrk running bench/`script` with
    `env` added to its environment."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s",
         os.path.join(os.path.dirname(os.path.abspath(__file__)), script),
         f"http://127.0.0.1:{port}"],
        env=dict(os.environ, **env), capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def wrk_latency(port, paths_file, connections, seconds, token):
    return wrk_script(port, "paths.lua", {"PATHS_FILE": paths_file, "AUTH_TOKEN": token},
                      connections, seconds)


def api_token(server, user, password):
    """Signs `user` in on a running server and returns a new API token."""
    cookie, csrf, _ = server.sign_in(user, password)
    _, _, text = server.request("POST", "/api/v1/api-tokens", {"name": "bench"},
                                headers={"Cookie": f"cordon_session={cookie}",
                                         "X-CSRF-Token": csrf})
    return json.loads(text)["token"]


def search_paths(server, token, rng, sample=1000):
    """Search paths of every kind (simplified prefix, name as written, full and partial
    pinyin, initials, ID number, phone) made from persons sampled from the city."""
    people = []
    cursor = None
    while len(people) < 2 * sample:
        path = "/api/v1/persons?limit=500" + (f"&cursor={cursor}" if cursor else "")
        _, _, body = server.request("GET", path, token=token)
        page = json.loads(body)
        people += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    queries = []
    for p in rng.sample(people, min(len(people), sample)):
        queries += [p["name_simplified"][:2], p["name"], p["name_pinyin"],
                    p["name_pinyin"][:4], p["name_initials"]]
        if p["id_number"]:
            queries.append(p["id_number"])
        if p["phone"]:
            queries.append(p["phone"])
    rng.shuffle(queries)
    return ["/api/v1/persons?limit=20&q=" + urllib.parse.quote(q) for q in queries]


def write_paths(paths):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(paths) + "\n")
        return f.name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--goal-ms", type=float, default=20.0)
    ap.add_argument("--user", default="admin", help="a demo account (cordon demo prints them)")
    ap.add_argument("--password", default="cordon-admin")
    args = ap.parse_args()

    rng = random.Random(7)
    with CordonServer(args.cordon, db=args.db) as server:
        token = api_token(server, args.user, args.password)
        queries = search_paths(server, token, rng)
        paths_file = write_paths(queries)
        runs = [wrk_latency(server.port, paths_file, args.connections, args.seconds, token)
                for _ in range(args.runs)]
        os.unlink(paths_file)

    p50 = statistics.median(r[0] for r in runs)
    p99 = statistics.median(r[1] for r in runs)
    rps = statistics.median(r[2] for r in runs)
    errors = sum(r[3] for r in runs)
    print(f"person search, {len(queries)} distinct queries, {args.connections} connections, "
          f"median of {args.runs} runs of {args.seconds} s")
    print(f"  throughput {rps:.0f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms "
          f"(goal p99 <= {args.goal_ms} ms) {'MET' if p99 <= args.goal_ms else 'MISSED'}")
    if errors:
        print(f"  non-2xx responses: {errors}")
    print(json.dumps({"figure": "person_search_p99_ms", "value": p99, "p50": p50,
                      "rps": rps, "goal": args.goal_ms}))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""`make bench`: every performance goal of cordon measured in one run, each figure next to
a limit measured in the same run on the same machine, printed as one table and written as
JSON under bench/results/.

  bench/run.py --cordon build/src/cli/cordon --write-bench build/bench/write_bench
               [--chains-bench build/bench/chains_bench] [--size full|small] [--workdir DIR]

full builds the 1,000,000-resident demo city with its outbreak (cases, exposures, ~100,000
active quarantine orders); small (about a minute) builds 20,000 and is the smoke test CI
can run: it fails only when a figure is off its goal by an order of magnitude. The machine
is shared and noisy, so each figure is the median of several runs (the table gives how
many) and the load average is recorded with the results. With --workdir an existing
city.db there is reused.

The limits:
  fsync limit      plain SQLite, one row per commit, synchronous=FULL (bench/write_bench)
  sqlite3 .import  the same CSV imported by the sqlite3 shell into a plain table
  nginx static     Debian's nginx serving a small JSON file on loopback
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tests", "api"))
from cordon_server import CordonServer  # noqa: E402
import import_bench  # noqa: E402
import followups_bench  # noqa: E402
import search_bench  # noqa: E402

SIZES = {
    # residents, load seconds per run, runs, import rows, the chains benchmark's outbreak
    "full": dict(residents=1_000_000, seconds=8, runs=3, import_rows=1_000_000,
                 chain_cases=50_000, chain_exposures=1_000_000),
    "small": dict(residents=20_000, seconds=2, runs=2, import_rows=20_000,
                  chain_cases=1_000, chain_exposures=20_000),
}


class Figure:
    """One line of the table. `better` says which way the goal points: "low" (a time, a
    size: at most the goal) or "high" (a ratio: at least the goal)."""

    def __init__(self, row, name, value, unit, goal, better, limit=None, limit_name="",
                 note="", runs=1):
        self.row, self.name, self.value, self.unit, self.goal = row, name, value, unit, goal
        self.better, self.limit, self.limit_name, self.note = better, limit, limit_name, note
        self.runs = runs

    def met(self):
        if self.value is None:
            return None
        return self.value <= self.goal if self.better == "low" else self.value >= self.goal

    def off_by(self):
        """How many times worse than the goal (1.0 or less when met)."""
        if self.value is None or self.value == 0:
            return float("inf") if self.better == "high" else 0.0
        return self.value / self.goal if self.better == "low" else self.goal / self.value

    def as_json(self):
        return dict(figure=self.name, value=self.value, unit=self.unit, goal=self.goal,
                    better=self.better, limit=self.limit, limit_name=self.limit_name,
                    met=self.met(), runs=self.runs, note=self.note)


def run_quiet(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, **kw)


def timed_with_peak_rss(cmd):
    """Runs `cmd`; returns (seconds, peak resident memory in MiB)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


def wrk(port, path_or_file, connections, seconds, token=None):
    """(p50 ms, p99 ms, requests/s) of wrk against one path or a file of paths."""
    if os.path.isfile(path_or_file):
        paths = path_or_file
    else:
        paths = search_bench.write_paths([path_or_file])
    try:
        return checked(search_bench.wrk_latency(port, paths, connections, seconds,
                                                token or ""))
    finally:
        if paths != path_or_file:
            os.unlink(paths)


def checked(wrk_result):
    """(p50, p99, requests/s) of a wrk result, which must hold no failed answer."""
    p50, p99, rps, non2xx = wrk_result
    if non2xx:
        raise RuntimeError(f"{non2xx} non-2xx answers")
    return p50, p99, rps


def sql(db, query):
    """The first column of `query`'s rows, read from the city without the server."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute(query)]


def chains_figures(chains_bench, cases, exposures, workdir):
    """The transmission-chain analytics on a synthetic outbreak (bench/chains_bench.cc,
    itself the median of 5 runs): the whole-outbreak analysis, and one case's chain."""
    out = os.path.join(workdir, "chains.json")
    proc = subprocess.run([chains_bench, "--cases", str(cases), "--exposures", str(exposures),
                           "--json", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    if proc.returncode not in (0, 1) or not os.path.exists(out):  # 1: a goal missed
        raise RuntimeError(f"chains_bench failed: {proc.stderr}")
    with open(out) as f:
        c = json.load(f)
    os.unlink(out)
    return [Figure(13, f"chains: clusters, generations, spreaders ({cases:,} cases)",
                   c["analytics_ms"], "ms", 1000, "low", c["sort_limit_ms"],
                   "std::sort of the exposures ms",
                   f"{c['analytics_ms'] / c['sort_limit_ms']:.2f}x the sort", runs=5),
            Figure(14, "chain of one case p99 (1,000 random cases)", c["chain_p99_ms"], "ms",
                   10, "low", note=f"largest chain {c['chain_worst_ms']:.2f} ms", runs=5)]


def dashboard_median_ms(port, token, requests):
    """Median latency in ms of GET /api/v1/dashboard, one request at a time."""
    import urllib.request
    times = []
    for _ in range(requests):
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/dashboard",
                                     headers={"Authorization": f"Bearer {token}"})
        started = time.perf_counter()
        with urllib.request.urlopen(req, timeout=30) as resp:
            resp.read()
            if resp.status != 200:
                raise RuntimeError(f"dashboard answered {resp.status}")
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def median_of(runs, fn):
    results = [fn() for _ in range(runs)]
    return [statistics.median(r[i] for r in results) for i in range(len(results[0]))]


class Nginx:
    """Debian's nginx on a loopback port serving one small JSON file, as a reference for
    what a trivial HTTP answer costs on this machine."""

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "nginx")
        os.makedirs(os.path.join(self.dir, "www"), exist_ok=True)
        # nginx's workers run as an unprivileged user: they must reach the file.
        for d in (workdir, self.dir, os.path.join(self.dir, "www")):
            os.chmod(d, 0o755)
        with open(os.path.join(self.dir, "www", "healthz"), "w") as f:
            f.write('{"status":"ok"}')
        self.port = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""
worker_processes auto;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi;
  uwsgi_temp_path {self.dir}/uwsgi;
  scgi_temp_path {self.dir}/scgi;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{self.port};
    root {self.dir}/www;
    default_type application/json;
  }}
}}
""")
        self.proc = subprocess.Popen(["nginx", "-c", conf, "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for_port(self.port)

    def stop(self):
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=10):
    import socket
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def machine():
    """What the figures were measured on: they mean little without it."""
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return dict(node=platform.node(), cpu=cpu, cores=os.cpu_count(), memory_gib=memory_gib,
                system=platform.platform())


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def cold_start_seconds(cordon, db):
    """Process start to the first answered request, on an existing city."""
    start = time.monotonic()
    server = CordonServer(cordon, db=db)
    server.start(timeout=60)
    status, _, _ = server.request("GET", "/healthz")
    seconds = time.monotonic() - start
    server.stop()
    if status != 200:
        raise RuntimeError(f"/healthz answered {status}")
    return seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cordon", required=True)
    ap.add_argument("--write-bench", required=True)
    ap.add_argument("--chains-bench", help="default: chains_bench beside --write-bench")
    ap.add_argument("--size", choices=sorted(SIZES), default="full")
    ap.add_argument("--workdir", help="keep the city and files here (default: a temp dir)")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    args = ap.parse_args()
    size = SIZES[args.size]
    args.chains_bench = args.chains_bench or os.path.join(os.path.dirname(args.write_bench),
                                                          "chains_bench")
    runs, seconds = size["runs"], size["seconds"]
    for tool in ("wrk", "nginx", "sqlite3"):
        if shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}"):
            print(f"bench: {tool} is missing (make bench installs it: scripts/install-deps.sh bench)")
            return 2
    os.environ["PATH"] += ":/usr/sbin"

    tmp = None
    if args.workdir:
        workdir = args.workdir
        os.makedirs(workdir, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="cordon-bench-")
        workdir = tmp.name
    figures = []
    load_before = os.getloadavg()
    build_seconds = None

    def step(text):
        print(f"bench [{time.strftime('%H:%M:%S')}] {text}", flush=True)

    try:
        db = os.path.join(workdir, "city.db")
        if not os.path.exists(db):
            step(f"building the demo city with its outbreak: {size['residents']:,} residents")
            start = time.monotonic()
            run_quiet([args.cordon, "demo", "--no-serve", "--residents",
                       str(size["residents"]), "--db", db])
            build_seconds = time.monotonic() - start
            step(f"  built in {build_seconds:.0f} s")

        district = sql(db, "SELECT id FROM nodes WHERE code = 'D01'")[0]
        grids = sql(db, "SELECT id FROM nodes WHERE kind = 'grid' ORDER BY id")
        active_orders = sql(db, "SELECT id FROM quarantine_orders WHERE status = 'active' "
                                "ORDER BY id")

        step("durable writes: the store writer against the fsync limit")
        out = run_quiet([args.write_bench, "--rounds", str(runs), "--seconds", "2",
                         "--dir", workdir]).stdout
        w = json.loads(out.strip().splitlines()[-1])
        fsync_limit = w["limit"]
        figures.append(Figure(12, "durable writes, store writer, 64 threads", w["ratio"], "x",
                              10, "high", fsync_limit, "fsync limit rows/s",
                              f"{w['value']:.0f} rows/s", runs=runs))

        step("trivial endpoint against nginx serving a static file")
        nginx = Nginx(workdir)
        try:
            n50, n99, nrps = median_of(runs, lambda: wrk(nginx.port, "/healthz", 32, seconds))
        finally:
            nginx.stop()

        step("cold start")
        starts = [cold_start_seconds(args.cordon, db) for _ in range(runs)]
        figures.append(Figure(11, "cold start on the city", statistics.median(starts), "s",
                              2.0, "low", runs=runs))

        with CordonServer(args.cordon, db=db) as server:
            token = search_bench.api_token(server, "admin", "cordon-admin")
            c50, c99, crps = median_of(runs, lambda: wrk(server.port, "/healthz", 32, seconds))
            figures.append(Figure(9, "trivial endpoint (/healthz), 32 connections",
                                  crps / nrps, "x", 1.0, "high", nrps, "nginx static req/s",
                                  f"{crps:.0f} req/s, p99 {c99:.2f} ms", runs=runs))

            step("person search (name, pinyin, initials, ID, phone)")
            paths = search_bench.write_paths(
                search_bench.search_paths(server, token, random.Random(7)))
            try:
                s50, s99, srps = median_of(runs, lambda: wrk(server.port, paths, 32, seconds,
                                                             token))
            finally:
                os.unlink(paths)
            figures.append(Figure(4, "person search p99, 32 connections", s99, "ms", 20,
                                  "low", note=f"p50 {s50:.2f} ms, {srps:.0f} req/s",
                                  runs=runs))

            step(f"follow-ups due for one grid ({len(active_orders) / len(grids):.0f} active "
                 f"orders a grid), 32 connections")
            rng = random.Random(11)
            paths = search_bench.write_paths(
                [f"/api/v1/follow-ups/due?grid_id={g}&limit=500"
                 for g in rng.sample(grids, len(grids))])
            try:
                f50, f99, frps = median_of(runs, lambda: wrk(server.port, paths, 32, seconds,
                                                             token))
            finally:
                os.unlink(paths)
            figures.append(Figure(3, "follow-ups due for one grid p99, 32 connections", f99,
                                  "ms", 10, "low", note=f"p50 {f50:.2f} ms, {frps:.0f} req/s",
                                  runs=runs))

            step(f"durable health checks over HTTP, 64 connections, on "
                 f"{len(active_orders):,} active orders")
            h50, h99, hrps = median_of(runs, lambda: checked(followups_bench.post_checks(
                server.port, active_orders, token, 64, seconds)))
            figures.append(Figure(1, "durable health checks over HTTP, 64 connections",
                                  hrps / fsync_limit, "x", 10, "high", fsync_limit,
                                  "fsync limit rows/s", f"{hrps:.0f} checks/s", runs=runs))
            figures.append(Figure(2, "durable health checks over HTTP p99, 64 connections",
                                  h99, "ms", 50, "low", note=f"p50 {h50:.2f} ms", runs=runs))

            step("command dashboard for the whole city")
            requests = 15
            d50 = dashboard_median_ms(server.port, token, requests)
            figures.append(Figure(5, "command dashboard for the whole city (median)", d50,
                                  "ms", 100, "low", note="GET /api/v1/dashboard as admin, "
                                  f"one request at a time", runs=requests))
            figures.append(Figure(10, "server resident memory after the load",
                                  rss_mib(server.proc.pid), "MiB", 1024, "low"))

        step("export persons: CSV and XLSX")
        for row, fmt in ((6, "csv"), (7, "xlsx")):
            out = os.path.join(workdir, f"persons.{fmt}")
            whole = [timed_with_peak_rss([args.cordon, "export", "persons", "--db", db,
                                          "--out", out]) for _ in range(runs)]
            # "Flat" memory: the whole city costs no more than one district of it.
            _, peak_part = timed_with_peak_rss([args.cordon, "export", "persons", "--db", db,
                                                "--out", out, "--jurisdiction", str(district)])
            os.unlink(out)
            figures.append(Figure(row, f"export {size['residents']:,} persons to "
                                  f"{fmt.upper()}", statistics.median(s for s, _ in whole),
                                  "s", 30, "low",
                                  note=f"peak {max(p for _, p in whole):.0f} MiB vs "
                                       f"{peak_part:.0f} MiB for one district", runs=runs))

        step(f"import {size['import_rows']:,} persons against sqlite3 .import")
        csv_path = os.path.join(workdir, "import.csv")
        import_bench.write_csv(csv_path, size["import_rows"])
        base, ours = [], []
        for r in range(runs):
            plain = os.path.join(workdir, f"plain{r}.db")
            base.append(timed_with_peak_rss(["sqlite3", plain, ".import --csv " + csv_path + " t"])[0])
            os.unlink(plain)
            city = os.path.join(workdir, f"import{r}.db")
            run_quiet([args.cordon, "demo", "--no-serve", "--no-outbreak", "--residents",
                       "1000", "--grids", "20", "--db", city])
            ours.append(timed_with_peak_rss([args.cordon, "import", "persons", csv_path,
                                             "--db", city, "--errors",
                                             os.path.join(workdir, "errors.csv")])[0])
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(city + suffix):
                    os.unlink(city + suffix)
        b, o = statistics.median(base), statistics.median(ours)
        figures.append(Figure(8, "import persons CSV", b / o, "x", 0.5, "high",
                              size["import_rows"] / b, "sqlite3 .import rows/s",
                              f"{size['import_rows'] / o:.0f} rows/s", runs=runs))

        step("transmission chains: clusters, generations, top spreaders; one case's chain")
        figures += chains_figures(args.chains_bench, size["chain_cases"],
                                  size["chain_exposures"], workdir)
    finally:
        if tmp:
            tmp.cleanup()

    figures.sort(key=lambda f: f.row)
    load_after = os.getloadavg()
    m = machine()
    print()
    print(f"cordon benchmarks, size {args.size} ({size['residents']:,} residents); each value "
          f"the median of the runs given (load runs of {seconds} s); machine: {m['cpu']}, "
          f"{m['cores']} cores, {m['memory_gib']:.0f} GiB; load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after")
    print(f"{'figure':<52} {'value':>12} {'goal':>9} {'limit':>9} {'runs':>4}  {'':<6} note")
    for f in figures:
        value = "n/a" if f.value is None else f"{f.value:.2f} {f.unit}"
        goal = ("<= " if f.better == "low" else ">= ") + f"{f.goal:g}"
        limit = "" if f.limit is None else f"{f.limit:.4g}"
        verdict = {True: "MET", False: "MISSED", None: "-"}[f.met()]
        print(f"{f.name:<52} {value:>12} {goal:>9} {limit:>9} {f.runs:>4}  {verdict:<6} "
              f"{f.limit_name + ' ' if f.limit_name else ''}{f.note}")

    os.makedirs(args.results, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    result = dict(size=args.size, residents=size["residents"], runs=runs, at=stamp,
                  seconds_per_load_run=seconds, city_build_seconds=build_seconds,
                  load_average=dict(before=load_before, after=load_after), machine=m,
                  figures=[f.as_json() for f in figures])
    for name in (f"{args.size}-{stamp}.json", f"latest-{args.size}.json"):
        with open(os.path.join(args.results, name), "w") as out:
            json.dump(result, out, indent=2, ensure_ascii=False)
    print(f"\nwritten to {os.path.join(args.results, 'latest-' + args.size + '.json')}")

    if args.size == "small":
        # The smoke test: a noisy machine may miss a goal, but not by ten times.
        broken = [f for f in figures if f.met() is False and f.off_by() >= 10]
        for f in broken:
            print(f"SMOKE FAILURE: {f.name} is {f.off_by():.0f}x off its goal")
        return 1 if broken else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Two `cordon serve` processes on one PostgreSQL database behind nginx (run under
postgres_cluster.py, which provides the cluster).

  both serve        each server and the proxy answer
  read your write   a person created through server A is read at once through B
  concurrent writes 8 clients create places and persons at once, through the proxy and
                    through each server directly; every create answers 201
  no lost writes    every created person is listed, once
  one idempotent    the same Idempotency-Key sent to A and B at the same moment makes
  record            one person; both answers name it
  duplicate across  the same document number registered through A and B at once: one
  servers           201, one 409
  audit chain       after the servers stop, `cordon audit verify` accepts the chain, with
                    an entry for every create and read made above
"""

import argparse
import json
import os
import re
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402
from nginx_proxy import NginxProxy  # noqa: E402
import postgres_cluster  # noqa: E402
from audit_verify_test import resident_id  # noqa: E402

CLIENTS = 8
PER_CLIENT = 25


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    admin = os.environ.get(postgres_cluster.ENV_VAR)
    if not admin:
        print("multi_instance_test.py runs under postgres_cluster.py run -- ...", file=sys.stderr)
        return 2
    url = postgres_cluster.create_database(admin)
    failures = []

    def check(name, ok, detail=""):
        print(("ok    " if ok else "FAIL  ") + name + ("" if ok else ": " + str(detail)))
        if not ok:
            failures.append(name)

    a = CordonServer(args.cordon, db=url)
    b = CordonServer(args.cordon, db=url)
    proxy = None
    try:
        token = a.bootstrap_admin()
        b.start()
        proxy = NginxProxy([a.port, b.port])
        ports = {"a": a.port, "b": b.port, "proxy": proxy.port}

        def call(port, method, path, body=None, headers=None):
            status, hdrs, text = request_on(a, port, method, path, body, headers, token)
            return status, text

        statuses = [call(p, "GET", "/healthz")[0] for p in ports.values()]
        check("both serve", statuses == [200, 200, 200], statuses)

        status, text = call(a.port, "POST", "/api/v1/places", {"kind": "city", "name": "示范市"})
        city = json.loads(text)["id"]
        status, text = call(b.port, "POST", "/api/v1/places",
                            {"kind": "grid", "name": "A网格", "parent_id": city})
        grid = json.loads(text)["id"]
        status, text = call(a.port, "POST", "/api/v1/persons",
                            {"name": "刘东升", "id_number": resident_id(0), "grid_id": grid})
        first = json.loads(text)["id"] if status == 201 else None
        status, text = call(b.port, "GET", f"/api/v1/persons/{first}")
        check("read your write", status == 200 and json.loads(text)["name"] == "刘东升",
              f"{status} {text}")

        results = []
        lock = threading.Lock()

        def client(n):
            port = list(ports.values())[n % 3]
            mine = []
            for i in range(PER_CLIENT):
                k = 1 + n * PER_CLIENT + i
                s1, t1 = call(port, "POST", "/api/v1/persons",
                              {"name": f"居民{k}", "id_number": resident_id(k), "grid_id": grid})
                s2, _ = call(port, "POST", "/api/v1/places",
                             {"kind": "compound", "name": f"小区{k}", "parent_id": grid})
                mine.append((s1, s2, json.loads(t1).get("id") if s1 == 201 else t1))
                if s1 == 201:
                    call(port, "GET", f"/api/v1/persons/{mine[-1][2]}")
            with lock:
                results.extend(mine)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        bad = [r for r in results if r[0] != 201 or r[1] != 201]
        check("concurrent writes", len(results) == CLIENTS * PER_CLIENT and not bad, bad[:3])

        listed = []
        cursor = None
        while True:
            path = "/api/v1/persons?limit=100" + (f"&cursor={cursor}" if cursor else "")
            status, text = call(proxy.port, "GET", path)
            page = json.loads(text)
            listed += [p["id"] for p in page["items"]]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        created = {first} | {r[2] for r in results if r[0] == 201}
        check("no lost writes", sorted(listed) == sorted(created) and len(set(listed)) == len(listed),
              f"{len(listed)} listed, {len(created)} created")

        answers = []

        def idempotent(port):
            s, t = call(port, "POST", "/api/v1/persons",
                        {"name": "王芳", "id_number": resident_id(900), "grid_id": grid},
                        {"Idempotency-Key": "same-key-both-servers"})
            answers.append((s, json.loads(t).get("id")))

        def duplicate(port):
            s, t = call(port, "POST", "/api/v1/persons",
                        {"name": "张伟", "id_number": resident_id(901), "grid_id": grid})
            answers.append((s, None))

        for fn in (idempotent, duplicate):
            answers.clear()
            pair = [threading.Thread(target=fn, args=(p,)) for p in (a.port, b.port)]
            for t in pair:
                t.start()
            for t in pair:
                t.join()
            if fn is idempotent:
                ids = {i for _, i in answers}
                count = postgres_cluster.psql(
                    url, f"SELECT COUNT(*) FROM persons WHERE id_number = '{resident_id(900)}'")
                check("one idempotent record",
                      all(s in (200, 201) for s, _ in answers) and len(ids) == 1
                      and count.strip() == "1", f"{answers} rows {count.strip()}")
            else:
                check("duplicate across servers",
                      sorted(s for s, _ in answers) == [201, 409], answers)
    finally:
        if proxy:
            proxy.stop()
        a.cleanup()
        b.cleanup()

    p = subprocess.run([args.cordon, "audit", "verify", "--db", url], capture_output=True,
                       text=True, timeout=120)
    m = re.match(r"audit log intact: (\d+) entries", p.stdout)
    want = 3 * CLIENTS * PER_CLIENT
    check("audit chain", p.returncode == 0 and m and int(m.group(1)) >= want,
          f"exit {p.returncode} {p.stdout!r} {p.stderr!r}, wanted at least {want} entries")
    print(f"{7 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def request_on(server, port, method, path, body, headers, token):
    """server.request against another port (the other server or the proxy)."""
    server_copy = CordonServer.__new__(CordonServer)
    server_copy.port = port
    return CordonServer.request(server_copy, method, path, body, headers, token=token)


if __name__ == "__main__":
    sys.exit(main())

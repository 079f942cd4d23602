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
  live events       an SSE client on server B (and one on A) learns of a task created
                    through server A within a few seconds (NOTIFY/LISTEN)
  site capacity     40 check-ins to one site of capacity 10 fired at once, split across
                    both servers: exactly 10 admitted, the rest refused site_full or
                    room_full; no single room holds two orders, no family room more
                    than its beds
  raced transition  the same order activated through A and B at once, for 10 orders:
                    each time exactly one 200 and one 409
  audit chain       after the servers stop, `cordon audit verify` accepts the chain, with
                    an entry for every create and read made above
"""

import argparse
import json
import os
import re
import subprocess
import sys
import datetime
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402
from nginx_proxy import NginxProxy  # noqa: E402
import postgres_cluster  # noqa: E402
from audit_verify_test import resident_id  # noqa: E402
from events_test import Stream  # noqa: E402
from work_fixture import Work  # noqa: E402

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

        def ok(port, method, path, body=None):
            status, text = call(port, method, path, body)
            if status not in (200, 201):
                raise RuntimeError(f"{method} {path}: {status} {text}")
            return json.loads(text)

        live_events(check, a, b, token, city, ok)
        site_race(check, a, b, ok, city, call)
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
    print(f"{CHECKS - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


CHECKS = 10


def live_events(check, a, b, token, city, ok):
    """A task created through A reaches the police's event stream on B (and on A)."""
    street = ok(a.port, "POST", "/api/v1/places",
                {"kind": "street", "name": "胜利街道", "parent_id": city})
    community = ok(a.port, "POST", "/api/v1/places",
                   {"kind": "community", "name": "幸福社区", "parent_id": street["id"]})
    w = Work.__new__(Work)  # the administrator exists already
    w.server, w.admin, w.tokens, w.users = a, token, {}, {}
    w.account("police", "community_police", community)
    on_b = Stream(b.port, w.tokens["police"])
    on_a = Stream(a.port, w.tokens["police"])
    try:
        t0 = time.monotonic()
        task = ok(a.port, "POST", "/api/v1/tasks", {"kind": "escort", "unit_id": community["id"],
                                                    "assignee_role": "community_police"})
        got_b = on_b.next_event(5.0)
        elapsed = time.monotonic() - t0
        got_a = on_a.next_event(5.0)
        print(f"task created through A seen on B after {elapsed * 1000:.0f} ms")
        check("live events", on_b.status == 200 and got_b is not None
              and got_b[0] == "task.created" and got_b[1]["task_id"] == task["id"]
              and got_a is not None and got_a[1]["task_id"] == task["id"]
              and on_b.next_event(0.5) is None, f"B: {got_b} A: {got_a}")
    finally:
        on_a.close()
        on_b.close()
    return street


def site_race(check, a, b, ok, city, call):
    street = ok(a.port, "POST", "/api/v1/places",
                {"kind": "street", "name": "并发街道", "parent_id": city})
    grid = ok(b.port, "POST", "/api/v1/places",
              {"kind": "grid", "name": "并发网格", "parent_id": street["id"]})
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date()

    def order_for(n, port):
        person = ok(port, "POST", "/api/v1/persons", {"name": f"并发{n:02d}", "grid_id": grid["id"]})
        return ok(port, "POST", "/api/v1/quarantine-orders", {
            "person_id": person["id"], "kind": "centralized", "reason": "close_contact",
            "anchor_date": (today - datetime.timedelta(days=1)).isoformat(),
            "start_date": today.isoformat(),
            "end_date": (today + datetime.timedelta(days=13)).isoformat()})

    site = ok(a.port, "POST", "/api/v1/sites", {"name": "双服酒店", "address": "胜利路1号",
                                                "kind": "hotel", "node_id": street["id"],
                                                "capacity": 10})
    rooms = [ok(b.port, "POST", f"/api/v1/sites/{site['id']}/rooms",
                {"number": f"2{i:02d}", "floor": 2, "beds": 1, "family": False})
             for i in range(12)]
    rooms.append(ok(a.port, "POST", f"/api/v1/sites/{site['id']}/rooms",
                    {"number": "301", "floor": 3, "beds": 3, "family": True}))
    orders = [order_for(i, (a.port, b.port)[i % 2]) for i in range(40)]
    results = [None] * len(orders)

    def fire(i):
        room = rooms[i % len(rooms)]
        results[i] = call((a.port, b.port)[i % 2], "POST", f"/api/v1/sites/{site['id']}/check-ins",
                          {"order_id": orders[i]["id"], "room_id": room["id"]})
    threads = [threading.Thread(target=fire, args=(i,)) for i in range(len(orders))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    admitted = [r for r in results if r[0] == 201]
    refused = {json.loads(r[1]).get("code") for r in results if r[0] != 201}
    board = ok(b.port, "GET", f"/api/v1/sites/{site['id']}/rooms")
    crowded = [r["number"] for r in board["items"]
               if len(r["occupants"]) > (r["beds"] if r["family"] else 1)]
    check("site capacity", len(admitted) == 10 and refused <= {"site_full", "room_full"}
          and board["site"]["occupied"] == 10 == sum(len(r["occupants"]) for r in board["items"])
          and not crowded,
          f"{len(admitted)} admitted, refusals {refused}, occupied {board['site']['occupied']}, "
          f"crowded rooms {crowded}")

    # The orders refused a bed are still "ordered": race their activation.
    waiting = [orders[i] for i, r in enumerate(results) if r[0] != 201][:10]
    outcomes = []
    for order in waiting:
        pair = [None, None]

        def activate(k, order=order, pair=pair):
            pair[k] = call((a.port, b.port)[k], "POST",
                           f"/api/v1/quarantine-orders/{order['id']}/activate", {})[0]
        ts = [threading.Thread(target=activate, args=(k,)) for k in (0, 1)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        outcomes.append(sorted(pair))
    check("raced transition", len(outcomes) == 10 and all(o == [200, 409] for o in outcomes),
          outcomes)


def request_on(server, port, method, path, body, headers, token):
    """server.request against another port (the other server or the proxy)."""
    server_copy = CordonServer.__new__(CordonServer)
    server_copy.port = port
    return CordonServer.request(server_copy, method, path, body, headers, token=token)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""An acknowledged write survives kill -9 of the server.

Many clients register persons concurrently through the group-committing writer; the
server is killed with SIGKILL mid-stream; a new server on the same file must return
every person whose 201 reached a client. Rows that were in flight when the process died
may or may not exist, but nothing acknowledged may be missing.
"""

import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def resident_id(n):
    """A valid 18-character resident ID, unique per n (sequence and date vary)."""
    day = 1 + n % 28
    seq = n // 28
    body = f"15078319{80 + seq // 1000 % 20:02d}01{day:02d}{seq % 1000:03d}"
    return body + CHECK[sum(int(a) * w for a, w in zip(body, WEIGHTS)) % 11]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()

    server = CordonServer(args.cordon)
    token = server.bootstrap_admin()
    acked = {}  # id_number -> person id
    lock = threading.Lock()
    try:
        status, _, body = server.request("POST", "/api/v1/places", {"kind": "city", "name": "C"},
                                         token=token)
        city = json.loads(body)["id"]
        status, _, body = server.request(
            "POST", "/api/v1/places", {"kind": "grid", "name": "G", "parent_id": city}, token=token)
        grid = json.loads(body)["id"]

        stop = threading.Event()
        errors = []

        def client(k):
            n = k
            while not stop.is_set():
                number = resident_id(n)
                n += args.clients
                try:
                    st, _, text = server.request(
                        "POST", "/api/v1/persons",
                        {"name": "测试", "id_number": number, "grid_id": grid}, timeout=10,
                        token=token)
                except OSError:
                    return  # the server died under us: this write was never acknowledged
                if st == 201:
                    with lock:
                        acked[number] = json.loads(text)["id"]
                elif st != 503:
                    errors.append(f"unexpected {st}: {text}")
                    return

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        for t in threads:
            t.start()
        time.sleep(args.seconds)
        server.kill()  # SIGKILL while clients are still writing
        stop.set()
        for t in threads:
            t.join()
        if errors:
            print("\n".join(errors[:5]))
            print("0 passed, 1 failed")
            return 1

        with lock:
            acknowledged = dict(acked)
        restarted = CordonServer(args.cordon, db=server.db).start()
        try:
            missing = []
            for number, pid in acknowledged.items():
                st, _, text = restarted.request("GET", f"/api/v1/persons/{pid}/identifiers",
                                                token=token)
                if st != 200 or json.loads(text)["id_number"] != number:
                    missing.append((number, pid, st))
        finally:
            restarted.stop()
    finally:
        server.cleanup()

    print(f"acknowledged before kill -9: {len(acknowledged)}; missing after restart: {len(missing)}")
    if len(acknowledged) < 50:
        print("too few writes were acknowledged to prove anything")
        print("0 passed, 1 failed")
        return 1
    if missing:
        print("missing:", missing[:10])
        print("0 passed, 1 failed")
        return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""`cordon backup`: an online copy of a SQLite database while a server writes to it.

  while writing     a backup taken while a client keeps creating places succeeds and
                    reports the copy's audit chain intact
  consistent copy   the copy holds a gap-free prefix of what was written (one snapshot)
  restore           a server started on the copy answers with those places, and
                    `cordon audit verify` accepts the copy
  existing target   refused (exit 2) and left untouched; --force replaces it
  unwritable target a folder that cannot be written, or does not exist: exit 1, nothing
                    left behind
  no database       exit 2
  PostgreSQL        exit 2 with a pointer to pg_dump / base backups (docs/deploy.md)
"""

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import Checks, CordonServer, on_postgres  # noqa: E402


def backup(binary, db, out, *extra):
    return subprocess.run([binary, "backup", "--db", db, "--out", out, *extra],
                          capture_output=True, text=True, timeout=300)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def leftovers(directory):
    return [n for n in os.listdir(directory) if ".partial" in n]


def place_ids(db):
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM nodes ORDER BY id")]


def postgres_refused(c, binary):
    server = CordonServer(binary)
    try:
        p = backup(binary, server.db, os.path.join(tempfile.gettempdir(), "never.db"))
        c.expect(p.returncode == 2 and "pg_dump" in p.stderr and "docs/deploy.md" in p.stderr,
                 f"PostgreSQL: exit {p.returncode} {p.stderr!r}")
    finally:
        server.cleanup()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    c = Checks()
    if on_postgres():
        postgres_refused(c, args.cordon)
        return c.summary()

    server = CordonServer(args.cordon)
    out_dir = tempfile.TemporaryDirectory(prefix="cordon-backup-")
    copy = os.path.join(out_dir.name, "copy.db")
    restored = None
    try:
        token = server.bootstrap_admin()
        status, _, text = server.request("POST", "/api/v1/places",
                                         {"kind": "city", "name": "示范市"}, token=token)
        city = json.loads(text)["id"]
        stop = threading.Event()
        written = []

        def writer():
            n = 0
            while not stop.is_set():
                n += 1
                s, _, t = server.request("POST", "/api/v1/places",
                                         {"kind": "district", "name": f"区{n}", "parent_id": city},
                                         token=token)
                if s == 201:
                    written.append(json.loads(t)["id"])

        t = threading.Thread(target=writer)
        t.start()
        try:
            while len(written) < 50:
                threading.Event().wait(0.05)
            p = backup(args.cordon, server.db, copy)
            during = len(written)
        finally:
            stop.set()
            t.join()
        c.expect(p.returncode == 0 and "audit log intact" in p.stdout,
                 f"while writing: exit {p.returncode} {p.stdout!r} {p.stderr!r}")
        ids = place_ids(copy) if os.path.exists(copy) else []
        c.expect(len(ids) >= 51 and ids == list(range(ids[0], ids[0] + len(ids))),
                 f"consistent copy: {len(ids)} places, {during} written during the backup")
        c.expect(not leftovers(out_dir.name), f"temporary files left: {leftovers(out_dir.name)}")

        v = subprocess.run([args.cordon, "audit", "verify", "--db", copy], capture_output=True,
                           text=True, timeout=120)
        c.expect(v.returncode == 0 and v.stdout.startswith("audit log intact"),
                 f"audit verify on the copy: {v.returncode} {v.stdout!r}")
        restored = CordonServer(args.cordon, db=copy).start()
        status, _, text = restored.request("GET", f"/api/v1/places?parent_id={city}&limit=500",
                                           token=token)
        served = len(json.loads(text)["items"]) if status == 200 else -1
        c.expect(served == len(ids) - 1, f"restore: {status}, {served} districts served")
        restored.stop()

        before = digest(copy)
        p = backup(args.cordon, server.db, copy)
        c.expect(p.returncode == 2 and "exists" in p.stderr and digest(copy) == before,
                 f"existing target: exit {p.returncode} {p.stderr!r}")
        p = backup(args.cordon, server.db, copy, "--force")
        c.expect(p.returncode == 0 and len(place_ids(copy)) >= len(ids),
                 f"--force: exit {p.returncode} {p.stderr!r}")

        for target in ("/proc/cordon-backup.db", os.path.join(out_dir.name, "missing", "x.db")):
            p = backup(args.cordon, server.db, target)
            c.expect(p.returncode == 1 and not os.path.exists(target)
                     and not leftovers(os.path.dirname(target) if os.path.isdir(
                         os.path.dirname(target)) else out_dir.name),
                     f"unwritable {target}: exit {p.returncode} {p.stderr!r}")
        if os.geteuid() != 0:
            locked = os.path.join(out_dir.name, "locked")
            os.mkdir(locked, 0o555)
            p = backup(args.cordon, server.db, os.path.join(locked, "x.db"))
            c.expect(p.returncode == 1 and not os.listdir(locked),
                     f"read-only folder: exit {p.returncode} {p.stderr!r}")

        p = backup(args.cordon, os.path.join(out_dir.name, "none.db"),
                   os.path.join(out_dir.name, "y.db"))
        c.expect(p.returncode == 2 and "no database" in p.stderr,
                 f"no database: exit {p.returncode} {p.stderr!r}")
    finally:
        if restored:
            restored.cleanup()
        server.cleanup()
        out_dir.cleanup()
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())

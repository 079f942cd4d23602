#!/usr/bin/env python3
"""`cordon audit verify` on a real database: intact, then tampered with by hand (the
sqlite3 CLI, or psql when the tests run on PostgreSQL).

A server is started on a fresh database; the administrator signs in, creates places and
persons and reads them back over HTTP; the server is stopped. Each case below then works
on its own copy of the database file:

  intact         verify exits 0 and prints "audit log intact: N entries", N counting at
                 least one entry per change and per person read made above
  python chain   three entries hashed here in Python, from the encoding docs/audit.md
                 describes, continue the server's chain: cordon's verifier must accept
                 them, which cross-checks the document against the code. The cases
                 below tamper with this longer chain.
  edited entry   one entry's detail is changed with the sqlite3 CLI: verify exits 3 and
                 the message names that entry's seq
  deleted tail   the newest entry is deleted: verify exits 3 and says the head disagrees
                 with the log's end
  no database    verify of a missing file (PostgreSQL: database) exits 1 and does not
                 create it
  not a database verify of a file that is not SQLite (PostgreSQL: a port where no server
                 listens) exits 1 with the engine's message
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer, on_postgres  # noqa: E402
import postgres_cluster  # noqa: E402

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def resident_id(n):
    """A valid 18-character resident ID, unique per n."""
    body = f"11010119900101{n:03d}"
    return body + CHECK[sum(int(a) * w for a, w in zip(body, WEIGHTS)) % 11]


def populate(server, token):
    """Creates a city, a grid and a few persons, and reads each person back."""
    def post(path, body):
        status, _, text = server.request("POST", path, body, token=token)
        if status != 201:
            raise RuntimeError(f"POST {path}: {status} {text}")
        return json.loads(text)["id"]

    city = post("/api/v1/places", {"kind": "city", "name": "示范市"})
    grid = post("/api/v1/places", {"kind": "grid", "name": "A网格", "parent_id": city})
    for n in range(5):
        pid = post("/api/v1/persons",
                   {"name": "刘东升", "id_number": resident_id(n), "grid_id": grid})
        status, _, text = server.request("GET", f"/api/v1/persons/{pid}", token=token)
        if status != 200:
            raise RuntimeError(f"GET person {pid}: {status} {text}")
    server.request("GET", "/api/v1/persons?q=liu", token=token)


def copy_db(src, dest_dir, name):
    """Copies the database (and any WAL beside it) so each case tampers on its own."""
    if on_postgres():
        admin = os.environ[postgres_cluster.ENV_VAR]
        dest = "cordon_" + name.replace(".", "_")
        postgres_cluster.psql(admin, f'CREATE DATABASE "{dest}" TEMPLATE "{src.rsplit("/", 1)[1]}"')
        return admin.rsplit("/", 1)[0] + "/" + dest
    dest = os.path.join(dest_dir, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(src + suffix):
            shutil.copy(src + suffix, dest + suffix)
    return dest


def sql(db, statement):
    """Runs one statement with the engine's own command-line client; returns its output."""
    if on_postgres():
        return postgres_cluster.psql(db, statement).strip()
    return subprocess.run(["sqlite3", db, statement], capture_output=True, text=True,
                          check=True).stdout.strip()


def literal(v):
    return str(v) if isinstance(v, int) else "'" + v.replace("'", "''") + "'"


def audit_hash(e):
    """The entry hash of docs/audit.md: SHA-256 over a length-prefixed encoding."""
    def text(s):
        b = s.encode("utf-8")
        return struct.pack(">Q", len(b)) + b

    def integer(v):
        return struct.pack(">q", v)

    data = (text("cordon.audit.v1") + integer(e["seq"]) + integer(e["at_micros"])
            + integer(e["actor_user_id"]) + text(e["actor_name"]) + text(e["action"])
            + text(e["record_type"]) + integer(e["record_id"]) + text(e["remote_address"])
            + text(e["detail"]) + text(e["prev_hash"]))
    return hashlib.sha256(data).hexdigest()


def append_chain(db, count):
    """Appends `count` entries the way append_audit does: head first, then the entry."""
    for n in range(count):
        seq, prev = sql(db, "SELECT seq, hash FROM audit_head WHERE id = 1").split("|")
        seq = int(seq)
        e = {"seq": seq + 1, "at_micros": 1893456000000000 + n * 1000000,
             "actor_user_id": 1, "actor_name": "admin", "action": "person.read",
             "record_type": "person", "record_id": 1 + n, "remote_address": "127.0.0.1",
             "detail": json.dumps({"n": n, "note": "刘"}, ensure_ascii=False),
             "prev_hash": prev}
        e["hash"] = audit_hash(e)
        cols = ", ".join(e)
        values = ", ".join(literal(v) for v in e.values())
        sql(db, f"BEGIN; INSERT INTO audit_log ({cols}) VALUES ({values}); "
                f"UPDATE audit_head SET seq = {e['seq']}, hash = '{e['hash']}' WHERE id = 1; "
                "COMMIT")


def verify(binary, db):
    p = subprocess.run([binary, "audit", "verify", "--db", db], capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()

    passed, failed = 0, 0

    def check(name, ok, detail):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok    {name}")
        else:
            failed += 1
            print(f"FAIL  {name}: {detail}")

    server = CordonServer(args.cordon)
    work = tempfile.TemporaryDirectory(prefix="cordon-audit-")
    try:
        token = server.bootstrap_admin()
        populate(server, token)
        server.stop()  # the store closes: queued read audits are written first

        # intact
        db = copy_db(server.db, work.name, "intact.db")
        rc, out, err = verify(args.cordon, db)
        m = re.match(r"audit log intact: (\d+) entries", out)
        check("intact", rc == 0 and m is not None, f"exit {rc}, stdout {out!r}, stderr {err!r}")
        entries = int(m.group(1)) if m else 0
        # 2 places and 5 persons created, 5 persons read (logins and tokens may add more).
        check("entries written", entries >= 12, f"only {entries} entries for 12 audited actions")

        # python chain: entries hashed here continue the server's chain (or start one,
        # before the use cases write any) and must verify as cordon's own.
        source = copy_db(server.db, work.name, "python.db")
        append_chain(source, 3)
        rc, out, err = verify(args.cordon, source)
        want = f"audit log intact: {entries + 3} entries"
        check("python chain", rc == 0 and out.startswith(want),
              f"exit {rc}, stdout {out!r}, wanted {want!r}, stderr {err!r}")
        entries += 3

        # edited entry: one the server wrote, in the middle of the chain
        db = copy_db(source, work.name, "edited.db")
        target = (entries + 1) // 2
        sql(db, f"UPDATE audit_log SET detail = detail || ' ' WHERE seq = {target}")
        rc, out, err = verify(args.cordon, db)
        want = f"audit log TAMPERED: entry {target} was edited (hash mismatch)"
        check("edited entry", rc == 3 and out.startswith(want),
              f"exit {rc}, stdout {out!r}, wanted {want!r}")

        # deleted tail
        db = copy_db(source, work.name, "tail.db")
        sql(db, f"DELETE FROM audit_log WHERE seq = {entries}")
        want = (f"audit log TAMPERED: the last entries were deleted "
                f"(head says {entries}, log ends at {entries - 1})")
        rc, out, err = verify(args.cordon, db)
        check("deleted tail", rc == 3 and out.startswith(want),
              f"exit {rc}, stdout {out!r}, wanted {want!r}")

        # no database
        if on_postgres():
            missing = source.rsplit("/", 1)[0] + "/cordon_missing"
            rc, out, err = verify(args.cordon, missing)
            created = "cordon_missing" in sql(source, "SELECT datname FROM pg_database")
            check("no database", rc == 1 and "does not exist" in err and not created,
                  f"exit {rc}, stderr {err!r}, created {created}")
        else:
            missing = os.path.join(work.name, "missing.db")
            rc, out, err = verify(args.cordon, missing)
            check("no database",
                  rc == 1 and "no database" in err and not os.path.exists(missing),
                  f"exit {rc}, stderr {err!r}, created {os.path.exists(missing)}")

        # not a database
        if on_postgres():
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                garbage = f"postgresql://postgres@127.0.0.1:{s.getsockname()[1]}/cordon"
        else:
            garbage = os.path.join(work.name, "garbage.db")
            with open(garbage, "wb") as f:
                f.write(b"this is not an SQLite file" * 200)
        rc, out, err = verify(args.cordon, garbage)
        check("not a database", rc == 1 and out == "" and err.startswith("cordon: "),
              f"exit {rc}, stdout {out!r}, stderr {err!r}")
    finally:
        server.cleanup()
        work.cleanup()

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

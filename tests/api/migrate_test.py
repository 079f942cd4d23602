#!/usr/bin/env python3
"""`cordon migrate --from city.db --to postgresql://...` on real databases (run under
postgres_cluster.py, which provides the PostgreSQL cluster).

A server on a SQLite file gets places, persons and reads (so the audit chain has
entries); the database is copied into a new PostgreSQL database, and then:

  copied          migrate exits 0 and counts the rows it copied
  audit intact    `cordon audit verify` on the URL accepts the copied chain, with as
                  many entries as on SQLite
  same records    a server on the URL lists the same persons and places
  ids continue    a new person created there gets a new id (identity sequences moved)
  chain grows     audit verify still accepts the chain after new writes on PostgreSQL
  not empty       a second migrate into the same database is refused (exit 2) and
                  changes nothing
  refusals        --to naming a file, --from naming no file: exit 2
  no server       a URL where no server listens: exit 1
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402
import postgres_cluster  # noqa: E402
from audit_verify_test import populate, verify  # noqa: E402


def run(binary, *args):
    p = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def listing(server, token, path):
    status, _, text = server.request("GET", path, token=token)
    if status != 200:
        raise RuntimeError(f"GET {path}: {status} {text}")
    return json.loads(text)["items"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    admin = os.environ.get(postgres_cluster.ENV_VAR)
    if not admin:
        print("migrate_test.py runs under postgres_cluster.py run -- ...", file=sys.stderr)
        return 2

    checks = []

    def check(name, ok, detail=""):
        checks.append(name)
        print(("ok    " if ok else "FAIL  ") + name + ("" if ok else ": " + str(detail)))
        return ok

    work = tempfile.TemporaryDirectory(prefix="cordon-migrate-")
    sqlite_db = os.path.join(work.name, "city.db")
    source = CordonServer(args.cordon, db=sqlite_db)
    failed = 0
    try:
        token = source.bootstrap_admin()
        populate(source, token)
        persons = listing(source, token, "/api/v1/persons?limit=100")
        places = listing(source, token, "/api/v1/places")
        source.stop()
        rc, out, _ = verify(args.cordon, sqlite_db)
        sqlite_entries = int(re.match(r"audit log intact: (\d+)", out).group(1))

        url = postgres_cluster.create_database(admin)
        rc, out, err = run(args.cordon, "migrate", "--from", sqlite_db, "--to", url)
        m = re.search(r"copied ([\d,]+) rows", out)
        failed += not check("copied", rc == 0 and m and int(m.group(1).replace(",", "")) > 0,
                            f"exit {rc} {out!r} {err!r}")

        rc, out, err = verify(args.cordon, url)
        failed += not check("audit intact",
                            rc == 0 and out.startswith(f"audit log intact: {sqlite_entries} entries"),
                            f"exit {rc} {out!r} {err!r}, SQLite had {sqlite_entries}")

        target = CordonServer(args.cordon, db=url).start()
        try:
            same = (listing(target, token, "/api/v1/persons?limit=100") == persons
                    and listing(target, token, "/api/v1/places") == places)
            failed += not check("same records", same)
            status, _, text = target.request(
                "POST", "/api/v1/persons",
                {"name": "王芳", "id_type": "passport", "id_number": "E12345678",
                 "grid_id": places[0]["id"] if not persons else persons[0]["grid_id"]},
                token=token)
            new_id = json.loads(text).get("id") if status == 201 else None
            failed += not check("ids continue",
                                new_id is not None and new_id > max(p["id"] for p in persons),
                                f"{status} {text}")
        finally:
            target.cleanup()
        rc, out, err = verify(args.cordon, url)
        failed += not check("chain grows",
                            rc == 0 and int(re.match(r"audit log intact: (\d+)", out).group(1))
                            > sqlite_entries, f"exit {rc} {out!r} {err!r}")

        before = postgres_cluster.psql(url, "SELECT COUNT(*) FROM persons").strip()
        rc, out, err = run(args.cordon, "migrate", "--from", sqlite_db, "--to", url)
        after = postgres_cluster.psql(url, "SELECT COUNT(*) FROM persons").strip()
        failed += not check("not empty", rc == 2 and "already" in err
                            and before == after, f"exit {rc} {err!r} {before} -> {after}")

        rc, _, err = run(args.cordon, "migrate", "--from", sqlite_db, "--to",
                         os.path.join(work.name, "other.db"))
        ok_to = rc == 2 and "postgresql://" in err
        rc, _, err = run(args.cordon, "migrate", "--from", os.path.join(work.name, "none.db"),
                         "--to", postgres_cluster.create_database(admin))
        failed += not check("refusals", ok_to and rc == 2 and "SQLite" in err, err)

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            dead = f"postgresql://postgres@127.0.0.1:{s.getsockname()[1]}/cordon"
        rc, _, err = run(args.cordon, "migrate", "--from", sqlite_db, "--to", dead)
        failed += not check("no server", rc == 1 and err.startswith("cordon: "), err)
    finally:
        source.cleanup()
        work.cleanup()
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

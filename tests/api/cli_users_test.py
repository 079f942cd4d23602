#!/usr/bin/env python3
"""`cordon init` and `cordon user ...` on a real database file: what an operator types."""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import fresh_database  # noqa: E402


def run(binary, *args):
    p = subprocess.run([binary, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    checks = []
    with tempfile.TemporaryDirectory(prefix="cordon-cli-") as d:
        db = fresh_database(d, "city.db")
        rc, out, _ = run(args.cordon, "init", "--db", db)
        checks.append(("init creates the first administrator",
                       rc == 0 and re.search(r"administrator 'admin' created; one-time password: \S{16}", out)))
        rc, out, _ = run(args.cordon, "init", "--db", db)
        checks.append(("a second init creates nobody", rc == 0 and "none created" in out))
        rc, out, _ = run(args.cordon, "user", "add", "zhang", "--role", "grid_worker", "--db", db)
        checks.append(("user add prints a one-time password",
                       rc == 0 and re.search(r"'zhang' \(grid_worker\) created .* one-time password: \S{16}", out)))
        rc, out, err = run(args.cordon, "user", "add", "zhang", "--role", "grid_worker", "--db", db)
        checks.append(("a taken username is refused", rc == 2 and "taken" in err))
        rc, out, err = run(args.cordon, "user", "add", "li", "--role", "emperor", "--db", db)
        checks.append(("an unknown role is refused", rc == 2 and "role" in err))
        rc, out, _ = run(args.cordon, "user", "disable", "zhang", "--db", db)
        checks.append(("disable", rc == 0 and "disabled" in out))
        rc, out, _ = run(args.cordon, "user", "list", "--db", db)
        checks.append(("list shows both, zhang disabled",
                       rc == 0 and re.search(r"admin\tadministrator", out) and re.search(r"zhang\tgrid_worker\t-\tdisabled", out)))
        rc, out, _ = run(args.cordon, "user", "reset-password", "admin", "--db", db)
        checks.append(("reset-password prints a new one", rc == 0 and re.search(r"one-time password for 'admin': \S{16}", out)))
        rc, out, err = run(args.cordon, "user", "reset-password", "nobody", "--db", db)
        checks.append(("an unknown account is exit 4", rc == 4 and "no such account" in err))
    failed = [name for name, ok in checks if not ok]
    for name in failed:
        print("FAIL", name)
    print(f"{len(checks) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

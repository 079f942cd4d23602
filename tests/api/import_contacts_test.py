#!/usr/bin/env python3
"""`cordon import contacts --case ID FILE.csv` against the database of a running server:
good rows become close contacts (by person_id or resident ID number), bad rows land in
the errors file with their line numbers, a re-run adds nothing, a bad header or an
unknown case is refused before anything is written."""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    server = CordonServer(args.cordon)
    try:
        token = server.bootstrap_admin()

        def call(method, path, body=None):
            status, _, text = server.request(method, path, body, token=token)
            return status, json.loads(text) if text else None

        _, city = call("POST", "/api/v1/places", {"kind": "city", "name": "示范市"})
        _, grid = call("POST", "/api/v1/places", {"kind": "grid", "name": "一网格", "parent_id": city["id"]})
        _, src = call("POST", "/api/v1/persons", {"name": "源", "grid_id": grid["id"]})
        _, a = call("POST", "/api/v1/persons", {"name": "甲", "grid_id": grid["id"]})
        _, b = call("POST", "/api/v1/persons", {"name": "乙", "grid_id": grid["id"],
                                                "id_number": "150783198003120015"})
        _, case = call("POST", "/api/v1/cases", {"person_id": src["id"], "classification": "confirmed",
                                                 "onset_date": "2020-02-01", "report_date": "2020-02-02"})
        # The files go to a folder of their own: the database may be a PostgreSQL URL.
        files = tempfile.TemporaryDirectory(prefix="cordon-contacts-")
        folder = files.name
        path = os.path.join(folder, "contacts.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("person_id,id_number,setting,first_date,last_date,place\r\n")
            f.write(f"{a['id']},,household,2020-01-25,2020-02-01,家中\r\n")
            f.write(",150783198003120015,shared_meal,,2020-01-30,XX饭店\r\n")
            f.write(",110101199001011234,workplace,,2020-01-30,\r\n")  # nobody registered
            f.write(f"{a['id']},,party,,2020-01-30,\r\n")  # unknown setting

        def run(*extra):
            return subprocess.run([args.cordon, "import", "contacts", "--db", server.db, *extra],
                                  capture_output=True, text=True)

        r = run("--case", str(case["id"]), path)
        check(r.returncode == 0, f"the import runs ({r.returncode}: {r.stderr.strip()})")
        check("recorded         2" in r.stdout and "rejected         2" in r.stdout,
              "two rows recorded, two rejected")
        with open(path + ".errors.csv", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        check([row[:3] for row in rows[1:]] == [["4", "id_number", "person_not_found"],
                                                ["5", "setting", "unknown_setting"]],
              "the errors file names each bad row's line, field and code")
        _, contacts = call("GET", f"/api/v1/cases/{case['id']}/contacts")
        check(sorted(e["person_id"] for e in contacts["close"]) == sorted([a["id"], b["id"]]),
              "both imported contacts are close contacts of the case")

        r = run("--case", str(case["id"]), path)
        check(r.returncode == 0 and "recorded         0" in r.stdout and "already present  2" in r.stdout,
              "a re-run records nothing new")

        bad = os.path.join(folder, "bad.csv")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("who,setting\n1,household\n")
        r = run("--case", str(case["id"]), bad)
        check(r.returncode == 2 and "unknown column 'who'" in r.stderr, "a bad header is refused (exit 2)")
        r = run("--case", "999999", path)
        check(r.returncode == 2, "an unknown case is refused (exit 2)")
    finally:
        server.cleanup()
    print(f"import contacts: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

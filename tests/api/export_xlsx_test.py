#!/usr/bin/env python3
"""`cordon export persons` as XLSX: the same rows as the CSV export, every cell text (an
18-digit resident ID stays exact), a file only when complete, clear refusals."""

import argparse
import csv
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import fresh_database  # noqa: E402

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def run(binary, *args):
    p = subprocess.run([binary, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def sheet_rows(path):
    """The rows of sheet 1 as lists of strings; fails if a cell is not an inline string."""
    import xml.etree.ElementTree as ET
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter(NS + "row"):
        cells = {}
        for c in row.iter(NS + "c"):
            if c.get("t") != "inlineStr":
                raise AssertionError(f"cell {c.get('r')} is not text: t={c.get('t')}")
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            cells[ord(col) - ord("A")] = "".join(t.text or "" for t in c.iter(NS + "t"))
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, "") for i in range(width)])
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    checks = []
    with tempfile.TemporaryDirectory(prefix="cordon-xlsx-") as d:
        db = fresh_database(d, "city.db")
        rc, _, err = run(args.cordon, "demo", "--no-serve", "--residents", "3000", "--db", db)
        if rc != 0:
            print("demo failed: " + err)
            return 1
        xlsx = os.path.join(d, "persons.xlsx")
        rc, _, err = run(args.cordon, "export", "persons", "--db", db, "--out", xlsx)
        checks.append(("an .xlsx name writes a workbook", rc == 0 and zipfile.is_zipfile(xlsx)))
        rc, out, _ = run(args.cordon, "export", "persons", "--db", db, "--no-bom")
        csv_rows = list(csv.reader(io.StringIO(out)))
        rows = sheet_rows(xlsx)
        # Trailing empty cells are not written to the sheet; pad to the header's width.
        rows = [r + [""] * (len(rows[0]) - len(r)) for r in rows]
        checks.append(("the workbook holds the header and 3,000 persons", len(rows) == 3001))
        checks.append(("every row equals the CSV export's", rows == csv_rows))
        ids = [r[rows[0].index("id_number")] for r in rows[1:]]
        checks.append(("resident IDs stay 18 exact characters",
                       all(re.fullmatch(r"\d{17}[\dX]", i) for i in ids if i)))
        rc, _, err = run(args.cordon, "export", "persons", "--db", db, "--format", "xlsx")
        checks.append(("XLSX to standard output is refused",
                       rc != 0 and "give --out FILE.xlsx" in err))
        bad = os.path.join(d, "missing-folder", "p.xlsx")
        rc, _, err = run(args.cordon, "export", "persons", "--db", db, "--out", bad)
        checks.append(("an unwritable destination fails clearly and leaves nothing",
                       rc != 0 and "cannot create" in err and not os.path.exists(bad)
                       and not os.path.exists(bad + ".partial")))
        forced = os.path.join(d, "persons.data")
        rc, _, _ = run(args.cordon, "export", "persons", "--db", db, "--out", forced,
                       "--format", "XLSX")
        checks.append(("--format xlsx wins over the file name", rc == 0 and zipfile.is_zipfile(forced)))
        rc, _, err = run(args.cordon, "export", "persons", "--db", db, "--format", "ods")
        checks.append(("an unknown format is refused", rc != 0 and "ods" in err))
    failed = [name for name, ok in checks if not ok]
    for name, ok in checks:
        print(("ok   " if ok else "FAIL ") + name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

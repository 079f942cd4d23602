#!/usr/bin/env python3
"""Person imports and exports over the API: an import runs as a background job whose
progress (rows, created, errors by line) is read back and announced as events; a re-run
creates nobody twice; a bad file is refused at once; a body over the server's limit
answers 413; one running import per account; another account's job and a jurisdiction
outside the caller's answer 404. The persons export opens as CSV and as XLSX, with
formula-like cells neutralized, and is audited."""

import argparse
import csv
import http.client
import io
import json
import os
import re
import socket
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import Checks, CordonServer  # noqa: E402
from events_test import Stream  # noqa: E402
from work_fixture import Work  # noqa: E402

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def resident_id(n):
    first17 = f"1101051990010{1000 + n}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def raw(server, method, path, token, body=None, content_type="text/csv"):
    """(status, headers, bytes): the body as bytes, for downloads and uploads."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = content_type
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def oversized_status(server, token, length):
    """The status answered to an upload announcing `length` bytes: the server refuses it
    from the headers, before the body (a client sending it all would meet a closed
    connection)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall((f"POST /api/v1/imports/persons HTTP/1.1\r\nHost: t\r\n"
                      f"Authorization: Bearer {token}\r\nContent-Type: text/csv\r\n"
                      f"Content-Length: {length}\r\n\r\n").encode() + b"name,id_number,grid\r\n")
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split()[1]) if head else 0


def sheet_rows(data):
    import xml.etree.ElementTree as ET
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter(NS + "row"):
        cells = {}
        for c in row.iter(NS + "c"):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            cells[ord(col) - ord("A")] = "".join(t.text or "" for t in c.iter(NS + "t"))
        rows.append([cells.get(i, "") for i in range(max(cells) + 1 if cells else 0)])
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    server = CordonServer(args.cordon)
    checks = Checks()
    expect = checks.expect

    def start_import(as_, data):
        status, headers, body = raw(server, "POST", "/api/v1/imports/persons", w.tokens[as_], data)
        return status, headers, json.loads(body) if body else None

    def wait_job(as_, job_id, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            job = w.ok("GET", f"/api/v1/imports/{job_id}", as_=as_)
            if job["state"] != "running" or time.monotonic() > deadline:
                return job
            time.sleep(0.05)

    try:
        w = Work(server).build_city()
        w.account("far_grid", "grid_worker", w.grid_b)
        w.account("aux", "auxiliary_police", w.community)
        a = w.grid_a["name"]
        path_a = f"{w.city['name']}/{w.street['name']}/{w.community['name']}/{a}"

        good = ("\ufeffname,id_number,grid,phone,address\r\n"
                f"刘东升,{resident_id(1)},{path_a},13812345678,=HYPERLINK(\"http://x\")\r\n"
                f"王芳,110105199001011235,{path_a},,\r\n"
                f"李四,{resident_id(2)},{path_a},,+1 幸福路\r\n"
                f"赵五,{resident_id(3)},{path_a},12345,\r\n").encode("utf-8")

        # The grid worker's stream hears the job's progress.
        stream = Stream(server.port, w.tokens["grid"])
        status, headers, job = start_import("grid", good)
        expect(status == 202, f"import answers 202: {status} {job}")
        expect(headers.get("location") == f"/api/v1/imports/{job['id']}", f"location: {headers}")
        expect(job["state"] in ("running", "done") and job["bytes_total"] == len(good), f"job: {job}")
        done = wait_job("grid", job["id"])
        expect(done["state"] == "done", f"the job ends: {done}")
        expect((done["rows_read"], done["created"], done["rejected"]) == (4, 2, 2),
               f"rows read, created, rejected: {done}")
        lines = sorted({(e["line"], e["field"]) for e in done["errors"]})
        expect(lines == [(3, "id_number"), (5, "phone")], f"errors by line: {done['errors']}")
        expect(done["bytes_read"] == done["bytes_total"], f"bytes read: {done}")
        events = []
        while (e := stream.next_event(1.0)) is not None:
            events.append(e)
            if e[1].get("state") == "done":
                break
        stream.close()
        expect(any(t == "import.progress" and d["id"] == job["id"] for t, d in events) and
               events[-1][1]["state"] == "done", f"progress events: {events}")

        # The same file again creates nobody.
        status, _, again = start_import("grid", good)
        rerun = wait_job("grid", again["id"])
        expect(status == 202 and rerun["created"] == 0 and rerun["existing"] == 2,
               f"re-run creates nobody: {rerun}")

        # GBK from Excel on a Chinese Windows.
        gbk = f"name,id_number,grid\r\n孙七,{resident_id(4)},{path_a}\r\n".encode("gb18030")
        status, _, job = start_import("grid", gbk)
        gbk_done = wait_job("grid", job["id"])
        expect(gbk_done["encoding"] == "gb18030" and gbk_done["created"] == 1, f"GBK: {gbk_done}")

        # Refused at once, nothing started.
        status, _, problem = start_import("grid", b"name,email\r\nA,a@b\r\n")
        expect(status == 422 and {"csv.missing_columns", "csv.unknown_columns"} <=
               {e["code"] for e in problem["errors"]}, f"bad header: {status} {problem}")
        status, _, problem = start_import("grid", b"")
        expect(status == 422 and problem["code"] == "empty_file", f"empty: {status} {problem}")
        status, _, problem = start_import("grid", b"\xff\xfe\x00n\x00a\x00m\x00e")
        expect(status == 422 and problem["code"] == "unknown_encoding", f"UTF-16: {status} {problem}")
        status = oversized_status(server, w.tokens["grid"], 4 * 1024 * 1024 + 1)
        expect(status == 413, f"a body over the limit: {status}")

        # A grid outside the caller's jurisdiction is rejected per row, like a missing one.
        outside = f"name,id_number,grid\r\n周八,{resident_id(5)},{path_a}\r\n".encode()
        status, _, job = start_import("far_grid", outside)
        far = wait_job("far_grid", job["id"])
        expect(far["created"] == 0 and far["errors"] and far["errors"][0]["code"] == "grid_not_found",
               f"grid outside the jurisdiction: {far}")

        # One running import per account: a large file keeps the first job busy.
        big = ("name,id_number,grid\r\n" + "".join(f"X,bad{i},{path_a}\r\n" for i in range(60000))).encode()
        status, _, first = start_import("grid", big)
        status2, _, second = start_import("grid", good)
        expect(status == 202, f"a large import starts: {status}")
        expect(status2 == 409 and second["code"] == "import_running" or
               wait_job("grid", first["id"])["state"] == "done" and status2 == 202,
               f"a second import while one runs: {status2} {second}")
        big_done = wait_job("grid", first["id"], timeout=120)
        expect(big_done["rejected"] == 60000 and big_done["errors_truncated"] and
               len(big_done["errors"]) == 1000, f"problems are capped: {big_done['rejected']}")

        # Another account's job answers 404; so does a job that does not exist.
        status, _ = w.call("GET", f"/api/v1/imports/{first['id']}", as_="far_grid")
        expect(status == 404, f"another account's job: {status}")
        status, _ = w.call("GET", "/api/v1/imports/999999", as_="grid")
        expect(status == 404, f"no such job: {status}")
        # persons.write is needed to import; the auxiliary police only read.
        status, _, _ = start_import("aux", good)
        expect(status == 403, f"import without persons.write: {status}")

        # Exports: CSV and XLSX, neutralized, scoped, audited.
        status, headers, body = raw(server, "GET", "/api/v1/persons/export?format=csv", w.tokens["grid"])
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        expect(status == 200 and headers["content-type"].startswith("text/csv") and
               "attachment" in headers.get("content-disposition", ""), f"CSV: {status} {headers}")
        names = {r[0] for r in rows[1:]}
        expect(rows[0][:3] == ["name", "id_type", "id_number"] and {"刘东升", "李四", "孙七"} <= names,
               f"CSV rows: {rows[:3]} {names}")
        flat = body.decode("utf-8-sig")
        expect("'=HYPERLINK" in flat and "'+1 幸福路" in flat, "formula cells neutralized in CSV")
        status, headers, body = raw(server, "GET",
                                    f"/api/v1/persons/export?format=xlsx&place_id={w.grid_a['id']}",
                                    w.tokens["grid"])
        sheet = sheet_rows(body) if status == 200 else []
        cells = [c for r in sheet for c in r]
        expect(status == 200 and zipfile.is_zipfile(io.BytesIO(body)) and len(sheet) == len(rows),
               f"XLSX opens with the same rows: {status} {len(sheet)} vs {len(rows)}")
        expect("'=HYPERLINK(\"http://x\")" in cells and "'+1 幸福路" in cells, "formula cells neutralized in XLSX")
        status, _, body = raw(server, "GET", f"/api/v1/persons/export?place_id={w.grid_a['id']}",
                              w.tokens["far_grid"])
        expect(status == 404, f"export of a jurisdiction outside the caller's: {status}")
        status, _, body = raw(server, "GET", "/api/v1/persons/export?format=ods", w.tokens["grid"])
        expect(status == 422 and json.loads(body)["errors"][0]["field"] == "format", f"bad format: {status}")
        audit = w.ok("GET", "/api/v1/audit?action=person.export")
        expect(len(audit["items"]) == 2, f"exports are audited: {len(audit['items'])}")
    finally:
        server.cleanup()
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())

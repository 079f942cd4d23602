#!/usr/bin/env python3
"""The public report endpoint refuses oversized, malformed and flood submissions, and
the status lookup leaks nothing: not the content, not other reports, not whether a
reference exists beyond the one answer the holder gets. Behind a proxy named with
--trusted-proxy the flood limit counts each X-Forwarded-For client on its own; the header
of a peer that is not a trusted proxy is ignored."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import Checks, CordonServer  # noqa: E402

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def post(server, body, raw=False, headers=None):
    data = body if raw else json.dumps(body)
    status, hdrs, text = server.request("POST", "/api/v1/public/reports", data,
                                        headers=headers or {"Content-Type": "application/json"})
    try:
        return status, hdrs, json.loads(text)
    except json.JSONDecodeError:
        return status, hdrs, text


def lookup(server, ref):
    status, _, text = server.request("GET", f"/api/v1/public/reports/{ref}")
    return status, text


def refusals(c, server):
    good = {"category": "gathering", "address": "幸福小区3栋", "description": "楼下聚餐"}
    status, _, body = post(server, good)
    c.expect(status == 201 and set(body) == {"reference", "status"}, f"good report: {status} {body}")
    ref = body["reference"]
    c.expect(len(ref) == 10 and all(ch in ALPHABET for ch in ref), f"reference shape {ref}")

    status, _, body = post(server, dict(good, description="x" * (1024 * 17)))
    c.expect(status == 413 and body["code"] == "payload_too_large", f"oversized body: {status}")
    status, _, body = post(server, dict(good, description="长" * 2001))
    c.expect(status == 422 and body["errors"][0] == {"field": "description", "code": "too_long",
                                                      "message": body["errors"][0]["message"]},
             f"description too long: {status} {body}")
    status, _, body = post(server, "{not json", raw=True)
    c.expect(status == 400 and body["code"] == "malformed_json", f"malformed json: {status} {body}")
    status, _, body = post(server, "[1, 2]", raw=True)
    c.expect(status == 400, f"array body: {status}")
    status, _, body = post(server, {"category": "rumour", "description": ""})
    fields = {(e["field"], e["code"]) for e in body.get("errors", [])}
    c.expect(status == 422 and fields == {("category", "unknown_category"), ("address", "required"),
                                          ("description", "required")},
             f"every bad field at once: {status} {fields}")
    status, _, body = post(server, dict(good, extra=1))
    c.expect(status == 422 and body["errors"][0] == {"field": "extra", "code": "unknown_field",
                                                      "message": body["errors"][0]["message"]},
             f"unknown field: {status} {body}")
    status, _, body = post(server, dict(good, description="bell\x07"))
    c.expect(status == 422 and body["errors"][0]["code"] == "control_character",
             f"control character: {status} {body}")
    status, _, body = post(server, dict(good, place_id=999999))
    c.expect(status == 422 and body["errors"][0]["field"] == "place_id", f"unknown place: {status}")
    status, _, body = post(server, dict(good, category=7))
    c.expect(status == 422 and body["errors"][0]["code"] == "expected_string", f"wrong type: {status}")

    # The holder sees the status only, in any spelling of the reference.
    status, text = lookup(server, ref)
    c.expect(status == 200 and json.loads(text) == {"reference": ref, "status": "received"},
             f"lookup: {status} {text}")
    status, text = lookup(server, ref[:5].lower() + "-" + ref[5:])
    c.expect(status == 200, f"lookup in another spelling: {status}")
    c.expect("聚餐" not in text and "幸福" not in text, "lookup shows no content")
    # Unknown and malformed references answer byte for byte the same.
    unknown = "".join(ALPHABET[(ALPHABET.index(ch) + 1) % len(ALPHABET)] for ch in ref)
    answers = {lookup(server, r) for r in (unknown, "0OIL1", "A" * 64, "abc-def", ref + "2")}
    c.expect(len(answers) == 1 and next(iter(answers))[0] == 404,
             f"unknown and malformed lookups differ: {answers}")
    # Nor does an unknown one take measurably longer or shorter than a hit (medians of 25).
    def median_ms(r):
        times = []
        for _ in range(25):
            t0 = time.perf_counter()
            lookup(server, r)
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times)
    hit, miss, bad = median_ms(ref), median_ms(unknown), median_ms("zz")
    print(f"lookup medians: hit {hit:.2f} ms, unknown {miss:.2f} ms, malformed {bad:.2f} ms")
    # The oracle to close is hit versus unknown (whether a reference exists). A malformed
    # reference is refused before the database and says nothing secret; comparing it with
    # a database round trip only measured the machine's load (on PostgreSQL under a busy
    # ctest: 16 ms against 1.5 ms).
    c.expect(max(hit, miss) < 3 * min(hit, miss) + 2, "hit and unknown lookup timings differ widely")
    # The staff list is not reachable without an account.
    status, _, _ = server.request("GET", "/api/v1/reports")
    c.expect(status == 401, f"staff list without an account: {status}")


def flood(c, server):
    body = {"category": "needs_help", "address": "3栋", "description": "需要买药"}
    statuses = [post(server, body)[0] for _ in range(3)]
    c.expect(statuses == [201, 201, 201], f"within the limit: {statuses}")
    status, headers, problem = post(server, body)
    retry = headers.get("retry-after", "")
    c.expect(status == 429 and problem["code"] == "rate_limited", f"flood: {status} {problem}")
    c.expect(retry.isdigit() and 1 <= int(retry) <= 600, f"Retry-After: {retry!r}")
    status, _, _ = post(server, "{", raw=True)
    c.expect(status == 429, f"malformed floods count too: {status}")


def forwarded(c, server, trusted):
    """Two filings allowed per address. Behind a trusted proxy each X-Forwarded-For
    client has its own allowance; from an untrusted peer the header changes nothing."""
    body = {"category": "needs_help", "address": "3栋", "description": "需要买药"}

    def from_client(addr):
        return post(server, body, headers={"Content-Type": "application/json",
                                           "X-Forwarded-For": f"198.51.100.77, {addr}"})[0]

    first = [from_client("203.0.113.1") for _ in range(3)]
    c.expect(first == [201, 201, 429], f"one client's allowance ({trusted}): {first}")
    other = from_client("203.0.113.2")
    want = 201 if trusted == "trusted" else 429
    c.expect(other == want, f"another client ({trusted}): {other}, wanted {want}")


def bad_proxy_option(c, binary):
    server = CordonServer(binary, extra_args=["--trusted-proxy", "10.0.0.0/8,nonsense"])
    try:
        server.init()
        p = subprocess.run([binary, "serve", "--db", server.db, "--port", "0",
                            *server.extra_args], capture_output=True, text=True, timeout=30)
        c.expect(p.returncode == 2 and "nonsense" in p.stderr,
                 f"bad --trusted-proxy: exit {p.returncode} {p.stderr!r}")
    finally:
        server.cleanup()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    c = Checks()
    trusting = ["--public-reports", "2", "--trusted-proxy", "::1, 127.0.0.0/8"]
    for extra, check in ((["--public-reports", "1000"], refusals),
                         (["--public-reports", "3"], flood),
                         (trusting, lambda c, s: forwarded(c, s, "trusted")),
                         (["--public-reports", "2"], lambda c, s: forwarded(c, s, "no proxy")),
                         (["--public-reports", "2", "--trusted-proxy", "10.0.0.0/8"],
                          lambda c, s: forwarded(c, s, "untrusted peer"))):
        server = CordonServer(args.cordon, extra_args=extra)
        try:
            server.init()
            server.start()
            check(c, server)
        finally:
            server.cleanup()
    bad_proxy_option(c, args.cordon)
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())

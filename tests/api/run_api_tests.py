#!/usr/bin/env python3
"""Runs cordon's black-box API cases against a real server.

Each file in cases/ is one scenario, played against a fresh server and database. A case
is a request and the response expected; the format (see cases/README.md):

    ### what this step checks
    POST /api/v1/places
    Idempotency-Key: abc
    {"kind": "city", "name": "示范市"}
    >>> 201
    Location: /api/v1/places/{{city}}
    {"kind": "city", "parent_id": null}
    @city = id

The expected body is matched as a subset: every key written must be present with that
value; arrays must have the same length and match element by element; "*" matches any
value that is present; "<absent>" demands that the key is missing. `@name = a.b.0.c`
saves a value from the response body, `@name = cookie:NAME` a cookie it sets;
`{{name}}` substitutes it later.

Every scenario starts on a fresh database whose administrator has signed in: requests
carry `Authorization: Bearer {{admin_token}}` unless the step sends its own
Authorization or Cookie header; `Authorization: none` sends no credentials at all.
{{admin_password}} is the administrator's password. Quarantine days follow the server's
real clock, so dates relative to it are predefined as local dates of Asia/Shanghai:
{{today}}, {{today_plus_N}} and {{today_minus_N}} for N from 1 to 30.
"""

import argparse
import datetime
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402


class Step:
    def __init__(self, title, line):
        self.title = title
        self.line = line
        self.method = None
        self.path = None
        self.headers = {}
        self.body = None
        self.status = None
        self.expect_headers = {}
        self.expect_body = None
        self.saves = []


def parse_case_file(path):
    steps = []
    with open(path, encoding="utf-8") as f:
        # Lines starting with "# " are comments wherever they stand.
        lines = ["" if l.startswith("# ") else l for l in f.read().split("\n")]
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("###"):
            i += 1
            continue
        step = Step(line[3:].strip(), i + 1)
        i += 1
        # Request line.
        while i < len(lines) and not lines[i].strip():
            i += 1
        method, target = lines[i].split(None, 1)
        step.method, step.path = method, target.strip()
        i += 1
        # Request headers, then body up to '>>>'.
        while i < len(lines) and re.match(r"^[A-Za-z-]+: ", lines[i]):
            k, v = lines[i].split(": ", 1)
            step.headers[k] = v
            i += 1
        body = []
        while i < len(lines) and not lines[i].startswith(">>>"):
            body.append(lines[i])
            i += 1
        text = "\n".join(body).strip()
        step.body = text if text else None
        if i >= len(lines):
            raise SyntaxError(f"{path}:{step.line}: step without '>>> STATUS'")
        step.status = int(lines[i][3:].strip())
        i += 1
        while i < len(lines) and re.match(r"^[A-Za-z-]+: ", lines[i]):
            k, v = lines[i].split(": ", 1)
            step.expect_headers[k.lower()] = v
            i += 1
        body = []
        while i < len(lines) and not lines[i].startswith("###") and not lines[i].startswith("@"):
            body.append(lines[i])
            i += 1
        text = "\n".join(body).strip()
        step.expect_body = text if text else None
        while i < len(lines) and lines[i].startswith("@"):
            name, expr = lines[i][1:].split("=", 1)
            step.saves.append((name.strip(), expr.strip()))
            i += 1
        steps.append(step)
    return steps


def date_variables():
    """{{today}}, {{today_plus_N}}, {{today_minus_N}}: local dates in Asia/Shanghai."""
    today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
    env = {"today": today.isoformat()}
    for n in range(1, 31):
        env[f"today_plus_{n}"] = (today + datetime.timedelta(days=n)).isoformat()
        env[f"today_minus_{n}"] = (today - datetime.timedelta(days=n)).isoformat()
    return env


def substitute(text, env):
    def repl(m):
        name = m.group(1)
        if name not in env:
            raise KeyError(f"unknown variable {{{{{name}}}}}")
        return str(env[name])
    return re.sub(r"\{\{(\w+)\}\}", repl, text)


def encode_target(target):
    # Tests write readable Chinese in query strings; send them percent-encoded as a
    # browser would.
    return urllib.parse.quote(target, safe="/?&=%:+,;@!$'()*-._~")


def match(expected, actual, where="$"):
    """Returns a list of mismatch descriptions."""
    if expected == "*":
        return []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {json.dumps(actual, ensure_ascii=False)}"]
        problems = []
        for k, v in expected.items():
            if v == "<absent>":
                if k in actual:
                    problems.append(f"{where}.{k}: expected absent, got {actual[k]!r}")
                continue
            if k not in actual:
                problems.append(f"{where}.{k}: missing")
                continue
            problems += match(v, actual[k], f"{where}.{k}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected an array, got {json.dumps(actual, ensure_ascii=False)}"]
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} items, got {len(actual)}: "
                    f"{json.dumps(actual, ensure_ascii=False)[:400]}"]
        problems = []
        for n, (e, a) in enumerate(zip(expected, actual)):
            problems += match(e, a, f"{where}[{n}]")
        return problems
    if expected != actual:
        return [f"{where}: expected {json.dumps(expected, ensure_ascii=False)}, "
                f"got {json.dumps(actual, ensure_ascii=False)}"]
    return []


def extract(value, expr):
    for part in expr.split("."):
        if isinstance(value, list):
            value = value[int(part)]
        else:
            value = value[part]
    return value


def run_file(binary, path):
    """Plays one scenario; returns (passed, failed, messages)."""
    steps = parse_case_file(path)
    passed = failed = 0
    messages = []
    server = CordonServer(binary)
    try:
        env = {"admin_token": server.bootstrap_admin(), "admin_password": "admin-password-1",
               **date_variables()}
        for step in steps:
            label = f"{os.path.basename(path)}:{step.line} {step.title}"
            try:
                body = substitute(step.body, env) if step.body is not None else None
                headers = {k: substitute(v, env) for k, v in step.headers.items()}
                if headers.get("Authorization") == "none":
                    del headers["Authorization"]
                elif "Authorization" not in headers and "Cookie" not in headers:
                    headers["Authorization"] = f"Bearer {env['admin_token']}"
                target = encode_target(substitute(step.path, env))
                status, resp_headers, text = server.request(step.method, target, body, headers)
                problems = []
                if status != step.status:
                    problems.append(f"status: expected {step.status}, got {status}: {text[:500]}")
                for k, v in step.expect_headers.items():
                    want = substitute(v, env)
                    got = resp_headers.get(k)
                    if k == "set-cookie" and got and want in got.split("\n"):
                        continue
                    if got != want:
                        problems.append(f"header {k}: expected {want!r}, got {resp_headers.get(k)!r}")
                actual = None
                if text:
                    try:
                        actual = json.loads(text)
                    except json.JSONDecodeError:
                        actual = text
                if step.expect_body is not None:
                    expected = json.loads(substitute(step.expect_body, env))
                    problems += match(expected, actual)
                if not problems:
                    for name, expr in step.saves:
                        if expr.startswith("cookie:"):
                            m = re.search(expr[7:] + r"=([^;\s]*)", resp_headers.get("set-cookie", ""))
                            env[name] = m.group(1) if m else None
                        else:
                            env[name] = extract(actual, expr)
            except Exception as e:  # a broken case counts as a failure, not a crash
                problems = [f"{type(e).__name__}: {e}"]
            if problems:
                failed += 1
                messages.append(f"FAIL {label}\n    " + "\n    ".join(problems))
            else:
                passed += 1
                messages.append(f"ok   {label}")
    finally:
        server.cleanup()
    return passed, failed, messages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True, help="path to the cordon binary")
    ap.add_argument("files", nargs="*", help="case files (default: every cases/*.http)")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    files = args.files or sorted(
        os.path.join(here, "cases", f) for f in os.listdir(os.path.join(here, "cases"))
        if f.endswith(".http"))
    total_passed = total_failed = 0
    for f in files:
        p, n, messages = run_file(args.cordon, f)
        total_passed += p
        total_failed += n
        for m in messages:
            print(m)
    print(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed or total_passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())

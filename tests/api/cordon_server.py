"""Starts a real `cordon serve` on a loopback port for black-box tests, and talks to it."""

import http.client
import json
import os
import re
import signal
import subprocess
import tempfile
import time

import postgres_cluster


def fresh_database(directory, name="cordon.db"):
    """Where a test keeps a new database: a new PostgreSQL database when the tests run
    against PostgreSQL (postgres_cluster.py sets CORDON_TEST_PG), else a SQLite file
    `name` in `directory`."""
    admin = os.environ.get(postgres_cluster.ENV_VAR)
    if admin:
        return postgres_cluster.create_database(admin)
    return os.path.join(directory, name)


def on_postgres():
    return bool(os.environ.get(postgres_cluster.ENV_VAR))


class Checks:
    """Counts a scenario's checks: expect() prints each failed one as it happens and
    returns the condition; summary() prints the totals and gives the exit code."""

    def __init__(self):
        self.passed = self.failed = 0

    def expect(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL", what)
        return cond

    def summary(self):
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


class CordonServer:
    """A cordon server process on 127.0.0.1 with its own database file.

    The port is chosen by the server (--port 0) and read from the line it prints once
    listening, so tests never race for ports.
    """

    def __init__(self, binary, db=None, extra_args=()):
        self.binary = binary
        self._tmp = None
        if db is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="cordon-api-")
            db = fresh_database(self._tmp.name)
        self.db = db
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None

    def init(self, admin="admin"):
        """Runs `cordon init`; returns the administrator's one-time password."""
        out = subprocess.run([self.binary, "init", "--db", self.db, "--admin", admin],
                             capture_output=True, text=True, check=True).stdout
        m = re.search(r"one-time password: (\S+)", out)
        if not m:
            raise RuntimeError("cordon init printed no password: " + out)
        return m.group(1)

    def sign_in(self, username, password):
        """Signs in; returns (session cookie value, csrf token, body)."""
        status, headers, text = self.request(
            "POST", "/api/v1/session", {"username": username, "password": password})
        if status != 201:
            raise RuntimeError(f"sign-in of {username} failed: {status} {text}")
        m = re.search(r"cordon_session=([0-9a-f]+)", headers.get("set-cookie", ""))
        body = json.loads(text)
        return m.group(1), body["csrf_token"], body

    def bootstrap_admin(self, new_password="admin-password-1"):
        """On a fresh database: init, start, change the one-time password, and return an
        API token for the administrator."""
        otp = self.init()
        self.start()
        cookie, csrf, _ = self.sign_in("admin", otp)
        status, _, text = self.request(
            "POST", "/api/v1/session/password",
            {"current_password": otp, "new_password": new_password},
            headers={"Cookie": f"cordon_session={cookie}", "X-CSRF-Token": csrf})
        if status != 204:
            raise RuntimeError(f"password change failed: {status} {text}")
        cookie, csrf, _ = self.sign_in("admin", new_password)
        status, _, text = self.request(
            "POST", "/api/v1/api-tokens", {"name": "api tests"},
            headers={"Cookie": f"cordon_session={cookie}", "X-CSRF-Token": csrf})
        if status != 201:
            raise RuntimeError(f"token creation failed: {status} {text}")
        return json.loads(text)["token"]

    def start(self, timeout=20):
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--port", "0", *self.extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                if self.proc.poll() is not None:
                    raise RuntimeError("cordon exited: " + self.proc.stderr.read())
                continue
            m = re.search(r"cordon serving http://[\d.]+:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                return self
        raise RuntimeError("cordon did not start in time")

    def kill(self):
        """SIGKILL: the process gets no chance to flush anything."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def cleanup(self):
        self.stop()
        if self._tmp:
            self._tmp.cleanup()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    def request(self, method, path, body=None, headers=None, timeout=30, token=None):
        """Returns (status, headers dict with lowercase names, body text). Repeated
        headers (Set-Cookie) are joined with newlines."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = None
            hdrs = dict(headers or {})
            if token:
                hdrs.setdefault("Authorization", f"Bearer {token}")
            if body is not None:
                data = body if isinstance(body, (bytes, str)) else json.dumps(body)
                if isinstance(data, str):
                    data = data.encode("utf-8")
                hdrs.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", errors="replace")
            merged = {}
            for k, v in resp.getheaders():
                k = k.lower()
                merged[k] = merged[k] + "\n" + v if k in merged else v
            return resp.status, merged, text
        finally:
            conn.close()

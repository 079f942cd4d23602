"""Starts a real `cordon serve` on a loopback port for black-box tests, and talks to it."""

import http.client
import json
import os
import re
import signal
import subprocess
import tempfile
import time


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
            db = os.path.join(self._tmp.name, "cordon.db")
        self.db = db
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None

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

    def request(self, method, path, body=None, headers=None, timeout=30):
        """Returns (status, headers dict with lowercase names, body text)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = None
            hdrs = dict(headers or {})
            if body is not None:
                data = body if isinstance(body, (bytes, str)) else json.dumps(body)
                if isinstance(data, str):
                    data = data.encode("utf-8")
                hdrs.setdefault("Content-Type", "application/json")
            conn.request(method, path, body=data, headers=hdrs)
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", errors="replace")
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, text
        finally:
            conn.close()

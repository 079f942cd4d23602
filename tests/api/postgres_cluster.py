#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temporary folder,
listening on a free loopback port, run as an unprivileged user, removed afterwards.

As a program it wraps a command:

    postgres_cluster.py run -- python3 some_test.py --cordon build/src/cli/cordon

starts a cluster, runs the command with CORDON_TEST_PG set to the cluster's admin URL
(see cordon_server.fresh_database, which gives each test server a new database), then
stops the cluster and returns the command's exit code.

PostgreSQL is installed from Debian (apt-get install postgresql) when missing.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid

ENV_VAR = "CORDON_TEST_PG"


def _bin_dir():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    if os.geteuid() != 0:
        raise RuntimeError("PostgreSQL is not installed and this user cannot install it "
                           "(apt-get install postgresql)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
                   check=True, env=env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("apt-get installed postgresql but no initdb was found")
    return os.path.dirname(found[-1])


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    """One PostgreSQL server on 127.0.0.1 with trust authentication for user postgres."""

    def __init__(self):
        self.bin = _bin_dir()
        self.dir = tempfile.mkdtemp(prefix="cordon-pg-")
        self.port = None
        self._user = None
        if os.geteuid() == 0:  # the server refuses to run as root
            self._user = "postgres"
            try:
                pwd.getpwnam(self._user)
            except KeyError:
                self._user = "nobody"
            os.chmod(self.dir, 0o755)
            shutil.chown(self.dir, user=self._user)

    def _as_server_user(self, argv):
        if self._user:
            argv = ["runuser", "-u", self._user, "--"] + argv
        return subprocess.run(argv, capture_output=True, text=True, cwd=self.dir)

    def _check(self, argv):
        r = self._as_server_user(argv)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {r.stdout}{r.stderr}")
        return r

    def start(self):
        data = os.path.join(self.dir, "data")
        self._check([os.path.join(self.bin, "initdb"), "-D", data, "-U", "postgres",
                     "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
        for attempt in range(5):
            self.port = _free_port()
            opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
                    "-c max_connections=200 -c shared_buffers=64MB")
            r = self._as_server_user([os.path.join(self.bin, "pg_ctl"), "-D", data, "-l",
                                      os.path.join(self.dir, "server.log"), "-o", opts,
                                      "-w", "-t", "30", "start"])
            if r.returncode == 0:
                return self
        raise RuntimeError("pg_ctl start failed: " + self.log())

    def log(self):
        try:
            with open(os.path.join(self.dir, "server.log")) as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    @property
    def admin_url(self):
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self):
        if self.port is not None:
            self._as_server_user([os.path.join(self.bin, "pg_ctl"), "-D",
                                  os.path.join(self.dir, "data"), "-m", "fast", "-w", "stop"])
            self.port = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def psql(url, sql):
    """Runs SQL through psql on `url`; returns its output (unaligned, tuples only)."""
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url,
                        "-c", sql], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"psql failed: {r.stderr}")
    return r.stdout


def create_database(admin_url, name=None):
    """Creates a new empty database on the cluster of `admin_url`; returns its URL."""
    name = name or "cordon_" + uuid.uuid4().hex[:12]
    psql(admin_url, f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def main(argv):
    if len(argv) < 3 or argv[0] != "run" or argv[1] != "--":
        print("usage: postgres_cluster.py run -- COMMAND...", file=sys.stderr)
        return 2
    with PostgresCluster() as cluster:
        env = dict(os.environ, **{ENV_VAR: cluster.admin_url})
        started = time.monotonic()
        rc = subprocess.run(argv[2:], env=env).returncode
        if rc != 0:
            print(f"--- PostgreSQL log (test ran {time.monotonic() - started:.1f}s) ---")
            print(cluster.log())
        return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

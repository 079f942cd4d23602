"""Debian's nginx as a reverse proxy on a loopback port in front of several cordon
servers (round robin), with a generated configuration in a temporary folder."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary():
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.path.exists(candidate):
            return candidate
    if os.geteuid() != 0:
        raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "nginx-light"],
                   check=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    return "/usr/sbin/nginx"


class NginxProxy:
    def __init__(self, upstream_ports):
        self.dir = tempfile.mkdtemp(prefix="cordon-nginx-")
        os.chmod(self.dir, 0o755)  # the workers run as an unprivileged user
        self.port = free_port()
        servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstream_ports)
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""
worker_processes 2;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy;
  fastcgi_temp_path {self.dir}/fastcgi;
  uwsgi_temp_path {self.dir}/uwsgi;
  scgi_temp_path {self.dir}/scgi;
  upstream cordon {{
{servers}
    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://cordon;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
      # A write is not repeated on the other server when one fails mid-request.
      proxy_next_upstream error timeout;
    }}
  }}
}}
""")
        self.proc = subprocess.Popen([nginx_binary(), "-c", conf, "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("nginx exited: " + self.proc.stderr.read().decode())
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

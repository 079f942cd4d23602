#!/usr/bin/env python3
"""Live updates: a worker's open Server-Sent Events stream learns of a new task for their
unit within a second, without polling; other units hear nothing; the stream needs an
account holding tasks.work; a server stops cleanly with streams open."""

import argparse
import json
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import Checks, CordonServer  # noqa: E402
from work_fixture import Work  # noqa: E402


class Stream:
    """A raw SSE client: reads the response head, then events as they arrive."""

    def __init__(self, port, token):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        self.sock.sendall(f"GET /api/v1/events HTTP/1.1\r\nHost: t\r\n{auth}\r\n".encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        self.head = head.decode()
        self.status = int(self.head.split()[1])

    def next_event(self, timeout):
        """The next event as (type, data dict), or None when none comes in `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            while b"\n\n" in self.buf:
                block, _, self.buf = self.buf.partition(b"\n\n")
                fields = dict(line.split(": ", 1) for line in block.decode().splitlines()
                              if ": " in line and not line.startswith(":"))
                if "event" in fields:
                    return fields["event"], json.loads(fields["data"])
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                return None
            if not chunk:
                return None
            self.buf += chunk

    def close(self):
        self.sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    server = CordonServer(args.cordon)
    checks = Checks()
    expect = checks.expect

    try:
        w = Work(server).build_city()
        w.account("desk", "hotel_front_desk", w.grid_a)
        anonymous = Stream(server.port, None)
        expect(anonymous.status == 401, f"stream without an account: {anonymous.status}")
        anonymous.close()
        desk = Stream(server.port, w.tokens["desk"])
        expect(desk.status == 403, f"stream without tasks.work: {desk.status}")
        desk.close()

        police = Stream(server.port, w.tokens["police"])
        far = Stream(server.port, w.tokens["far_police"])
        grid = Stream(server.port, w.tokens["grid"])
        expect(police.status == 200 and "text/event-stream" in police.head, police.head)

        # A task for the community police role of the community: the police hear of it.
        t0 = time.monotonic()
        task = w.ok("POST", "/api/v1/tasks", {"kind": "escort", "unit_id": w.community["id"],
                                              "assignee_role": "community_police"}, as_="commander")
        event = police.next_event(1.0)
        elapsed = time.monotonic() - t0
        print(f"task event after {elapsed * 1000:.1f} ms (create request included)")
        expect(event is not None and event[0] == "task.created" and event[1]["task_id"] == task["id"],
               f"police stream: {event}")
        expect(elapsed < 1.0, f"event took {elapsed:.3f} s")
        expect(far.next_event(0.3) is None, "another community's police heard of it")
        expect(grid.next_event(0.1) is None, "the grid worker (another unit) heard of it")

        # An assist request reaches the unit asked; its answer reaches the requester.
        own = w.ok("POST", "/api/v1/tasks", {"kind": "persuasion", "unit_id": w.grid_a["id"]},
                   as_="grid")
        event = grid.next_event(1.0)
        expect(event is not None and event[1]["task_id"] == own["id"], f"grid unit event: {event}")
        req = w.ok("POST", "/api/v1/assist-requests", {"task_id": own["id"],
                                                       "to_unit_id": w.community["id"],
                                                       "message": "请协助"}, as_="grid")
        event = police.next_event(1.0)
        expect(event is not None and event[0] == "assist_request.created" and
               event[1]["assist_request_id"] == req["id"], f"assist event: {event}")
        w.ok("POST", f"/api/v1/assist-requests/{req['id']}/accept", {}, as_="police")
        event = grid.next_event(1.0)
        expect(event is not None and event[0] == "assist_request.accepted", f"answer event: {event}")

        # A task reassigned to one account reaches that account.
        w.ok("POST", f"/api/v1/tasks/{own['id']}/assign",
             {"assignee_user_id": w.users["grid"]["id"]}, as_="grid")
        event = grid.next_event(1.0)
        expect(event is not None and event[0] == "task.assigned", f"assigned event: {event}")

        # Stopping the server with streams open ends them and exits cleanly.
        server.stop()
        expect(server.proc.returncode == 0, f"exit code with open streams: {server.proc.returncode}")
        for s in (police, far, grid):
            s.close()
    finally:
        server.cleanup()
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())

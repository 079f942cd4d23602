"""A small city for the field-work tests: city > street > community > grids A and B, a
building with three rooms in grid A where registered persons live, and accounts of the
roles that coordinate (commander, grid worker, community police), each with an API token.
"""

import json


class Work:
    def __init__(self, server):
        self.server = server
        self.admin = server.bootstrap_admin()
        self.tokens = {}
        self.users = {}

    def call(self, method, path, body=None, as_="admin", **kw):
        # as_=None: no account at all (the public endpoints).
        token = None if as_ is None else self.admin if as_ == "admin" else self.tokens[as_]
        status, headers, text = self.server.request(method, path, body, token=token, **kw)
        try:
            return status, json.loads(text) if text else None
        except json.JSONDecodeError:
            return status, text

    def ok(self, method, path, body=None, as_="admin", expect=(200, 201)):
        status, resp = self.call(method, path, body, as_=as_)
        if status not in ((expect,) if isinstance(expect, int) else expect):
            raise AssertionError(f"{method} {path} as {as_}: {status} {resp}")
        return resp

    def place(self, kind, name, parent=None):
        body = {"kind": kind, "name": name}
        if parent:
            body["parent_id"] = parent["id"]
        return self.ok("POST", "/api/v1/places", body)

    def account(self, username, role, jurisdiction):
        password = f"{username}-password-1"
        user = self.ok("POST", "/api/v1/users", {"username": username, "role": role,
                                                  "jurisdiction_id": jurisdiction["id"],
                                                  "password": password})
        cookie, csrf, _ = self.server.sign_in(username, password)
        status, _, text = self.server.request(
            "POST", "/api/v1/api-tokens", {"name": "tests"},
            headers={"Cookie": f"cordon_session={cookie}", "X-CSRF-Token": csrf})
        assert status == 201, text
        self.tokens[username] = json.loads(text)["token"]
        self.users[username] = user
        return user

    def build_city(self):
        self.city = self.place("city", "示范市")
        self.street = self.place("street", "胜利街道", self.city)
        self.community = self.place("community", "幸福社区", self.street)
        self.other_community = self.place("community", "和平社区", self.street)
        self.grid_a = self.place("grid", "A网格", self.community)
        self.grid_b = self.place("grid", "B网格", self.other_community)
        self.building = self.place("building", "3栋", self.grid_a)
        self.rooms = [self.place("room", f"{n}室", self.building) for n in (101, 102, 201)]
        self.persons = []
        for i, room in enumerate(self.rooms):
            self.persons.append(self.ok("POST", "/api/v1/persons", {
                "name": ["张伟", "李娜", "王芳"][i], "grid_id": self.grid_a["id"],
                "address_id": room["id"], "address": "幸福小区3栋"}))
        self.account("commander", "commander", self.city)
        self.account("grid", "grid_worker", self.grid_a)
        self.account("police", "community_police", self.community)
        self.account("far_police", "community_police", self.other_community)
        return self

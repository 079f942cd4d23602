#!/usr/bin/env python3
"""The authorization matrix: every endpoint of the OpenAPI document x every role x a
record inside and outside the account's jurisdiction.

For each route the test checks that it declares a known permission ("x-permission"),
that a role without that permission gets 403 permission_denied, that a role with it gets
past the check (any answer but 401/403), and that a record outside the jurisdiction
answers exactly like a missing one: 404 to a read, the same status and code to an action
(so an action never reaches a site, stay or order of another jurisdiction). An endpoint added without a permission, or a
handler that forgets to enforce one, fails here.
"""

import argparse
import datetime
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402

ROLES = ["administrator", "commander", "health_staff", "community_police", "auxiliary_police",
         "grid_worker", "community_worker", "site_staff", "hotel_front_desk"]
# Routes whose call would end the caller's own session; checked elsewhere (accounts.http).
SKIP = {("DELETE", "/api/v1/session"), ("POST", "/api/v1/session/password"),
        # A stream that never ends; events_test.py checks who may open it.
        ("GET", "/api/v1/events")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    server = CordonServer(args.cordon)
    failures = []
    checks = 0
    try:
        admin = server.bootstrap_admin()

        def call(method, path, body=None, token=admin, **kw):
            status, headers, text = server.request(method, path, body, token=token, **kw)
            try:
                return status, json.loads(text) if text else None
            except json.JSONDecodeError:
                return status, text

        _, city = call("POST", "/api/v1/places", {"kind": "city", "name": "示范市"})
        _, grid_a = call("POST", "/api/v1/places", {"kind": "grid", "name": "A", "parent_id": city["id"]})
        _, grid_b = call("POST", "/api/v1/places", {"kind": "grid", "name": "B", "parent_id": city["id"]})
        _, bld_a = call("POST", "/api/v1/places", {"kind": "building", "name": "1栋", "parent_id": grid_a["id"]})
        _, bld_b = call("POST", "/api/v1/places", {"kind": "building", "name": "1栋", "parent_id": grid_b["id"]})
        _, p_a = call("POST", "/api/v1/persons", {"name": "甲", "grid_id": grid_a["id"]})
        _, p_b = call("POST", "/api/v1/persons", {"name": "乙", "grid_id": grid_b["id"]})
        _, dummy_a = call("POST", "/api/v1/users", {"username": "dummy_a", "role": "site_staff",
                                                    "jurisdiction_id": grid_a["id"], "password": "dummy-password-a"})
        _, dummy_b = call("POST", "/api/v1/users", {"username": "dummy_b", "role": "site_staff",
                                                    "jurisdiction_id": grid_b["id"], "password": "dummy-password-b"})
        # Quarantine records of a person in each grid (dates from the server's clock).
        today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
        quarantine = {}
        for grid, person in (("a", p_a), ("b", p_b)):
            _, other = call("POST", "/api/v1/persons", {"name": "丙" + grid, "grid_id": person["grid_id"]})
            _, order = call("POST", "/api/v1/quarantine-orders", {
                "person_id": person["id"], "reason": "close_contact", "anchor_date": today.isoformat()})
            _, arrival = call("POST", "/api/v1/arrivals", {
                "person_id": person["id"], "origin": "某市", "arrival_date": today.isoformat()})
            _, sample = call("POST", "/api/v1/tests", {
                "person_id": person["id"], "kind": "pcr", "sampled_on": today.isoformat()})
            _, tube = call("POST", "/api/v1/pooled-tubes", {
                "code": "T-" + grid, "kind": "pcr", "sampled_on": today.isoformat(),
                "member_person_ids": [person["id"], other["id"]]})
            quarantine[grid] = {"quarantine-orders": order["id"], "arrivals": arrival["id"],
                                "tests": sample["id"], "pooled-tubes": tube["id"]}
        _, area = call("POST", "/api/v1/risk-areas", {"name": "某市"})
        _, site_a = call("POST", "/api/v1/sites", {"name": "甲", "address": "a", "kind": "hotel",
                                                  "node_id": grid_a["id"], "capacity": 5})
        _, site_b = call("POST", "/api/v1/sites", {"name": "乙", "address": "b", "kind": "hotel",
                                                  "node_id": grid_b["id"], "capacity": 5})
        _, room_a = call("POST", f"/api/v1/sites/{site_a['id']}/rooms", {"number": "101"})
        # A case in each grid with one exposure of a neighbour to it.
        fixtures = {}
        for side, grid, person in (("a", grid_a, p_a), ("b", grid_b, p_b)):
            _, neighbour = call("POST", "/api/v1/persons", {"name": "邻", "grid_id": grid["id"]})
            _, case = call("POST", "/api/v1/cases", {"person_id": person["id"], "classification": "confirmed",
                                                     "onset_date": "2020-02-01", "report_date": "2020-02-02"})
            _, exposure = call("POST", "/api/v1/exposures", {"person_id": neighbour["id"],
                                                             "source_person_id": person["id"],
                                                             "setting": "household", "last_date": "2020-02-01"})
            fixtures[side] = (case["id"], exposure["id"])
        work = {}
        for side, grid in (("a", grid_a), ("b", grid_b)):
            _, report = call("POST", "/api/v1/reports", {"category": "sanitation", "place_id": grid["id"],
                                                         "description": "free-range poultry"})
            _, task = call("POST", "/api/v1/tasks", {"kind": "visit", "unit_id": grid["id"]})
            _, assist = call("POST", "/api/v1/assist-requests", {"task_id": task["id"], "to_unit_id": grid["id"],
                                                                 "message": "please come"})
            _, campaign = call("POST", "/api/v1/screening-campaigns", {"name": "door to door", "grid_id": grid["id"],
                                                                       "due_date": "2020-02-10"})
            work[side] = {"reports": report["id"], "tasks": task["id"], "assist-requests": assist["id"],
                          "screening-campaigns": campaign["id"]}
        # A centralized order in each grid checked in to that grid's site, with a fever alert.
        sites = {}
        for side, grid, site in (("a", grid_a, site_a), ("b", grid_b, site_b)):
            _, guest = call("POST", "/api/v1/persons", {"name": "住" + side, "grid_id": grid["id"]})
            _, order = call("POST", "/api/v1/quarantine-orders", {
                "person_id": guest["id"], "kind": "centralized", "reason": "close_contact",
                "anchor_date": today.isoformat(), "start_date": today.isoformat(),
                "end_date": (today + datetime.timedelta(days=7)).isoformat()})
            _, room = call("POST", f"/api/v1/sites/{site['id']}/rooms", {"number": "201"})
            _, stay = call("POST", f"/api/v1/sites/{site['id']}/check-ins",
                           {"order_id": order["id"], "room_id": room["id"]})
            _, check = call("POST", "/api/v1/health-checks",
                            {"order_id": order["id"], "temperature": 38.5, "method": "visit"})
            sites[side] = {"sites": site["id"], "stays": stay["id"], "alerts": check["alert"]["id"]}
        # An import job of the bootstrap administrator: every other account, whatever its
        # role, sees it as missing.
        _, job = call("POST", "/api/v1/imports/persons", "name,id_number,grid_id\n")
        imports = {"imports": job["id"]}
        inside = {"places": bld_a["id"], "persons": p_a["id"], "users": dummy_a["id"], "session": 999999,
                  "sites": site_a["id"], "cases": fixtures["a"][0], "exposures": fixtures["a"][1],
                  **work["a"], "risk-areas": area["id"], **quarantine["a"], **sites["a"], **imports}
        outside = {"places": bld_b["id"], "persons": p_b["id"], "users": dummy_b["id"],
                   "sites": site_b["id"], "cases": fixtures["b"][0], "exposures": fixtures["b"][1],
                   **work["b"], **quarantine["b"], **sites["b"], **imports}
        # Path parameters other than {id}, by name.
        params = {"room_id": room_a["id"]}

        def fill(path):
            return re.sub(r"\{(\w+)\}", lambda m: str(params.get(m.group(1), 999999)), path)

        tokens, permissions = {}, {}
        for role in ROLES:
            password = f"{role}-password-1"
            st, u = call("POST", "/api/v1/users", {"username": role, "role": role,
                                                   "jurisdiction_id": grid_a["id"], "password": password})
            assert st == 201, u
            cookie, csrf, _ = server.sign_in(role, password)
            hdrs = {"Cookie": f"cordon_session={cookie}", "X-CSRF-Token": csrf}
            st, text = server.request("POST", "/api/v1/api-tokens", {"name": "matrix"}, headers=hdrs)[0::2]
            tokens[role] = json.loads(text)["token"]
            _, me = call("GET", "/api/v1/session", token=tokens[role])
            permissions[role] = set(me["permissions"]) | {"public", "authenticated"}
        known = set().union(*permissions.values())

        _, doc = call("GET", "/api/openapi.json")
        for path, ops in sorted(doc["paths"].items()):
            for method, op in sorted(ops.items()):
                method = method.upper()
                perm = op.get("x-permission")
                checks += 1
                if perm not in known:
                    failures.append(f"{method} {path}: declares permission {perm!r}, not a known one")
                    continue
                if (method, path) in SKIP or perm == "public":
                    continue
                tag = (op.get("tags") or [""])[0]
                body = {} if method in ("POST", "PATCH", "PUT") else None
                for role in ROLES:
                    concrete = fill(path.replace("{id}", str(inside.get(tag, 999999))))
                    status, resp = call(method, concrete, body, token=tokens[role])
                    code = resp.get("code") if isinstance(resp, dict) else None
                    checks += 1
                    if perm in permissions[role]:
                        if status in (401, 403):
                            failures.append(f"{method} {concrete} as {role}: holds {perm} but got "
                                            f"{status} {code}")
                    elif status != 403 or code != "permission_denied":
                        failures.append(f"{method} {concrete} as {role}: lacks {perm} but got "
                                        f"{status} {code}")
                    # Outside the jurisdiction a record does not exist for this account:
                    # a read answers 404, and an action answers exactly what it answers for
                    # a missing record (and so changes nothing).
                    if "{id}" in path and tag in outside and perm in permissions[role]:
                        far = fill(path.replace("{id}", str(outside[tag])))
                        status, resp = call(method, far, body, token=tokens[role])
                        checks += 1
                        if method == "GET" and status != 404:
                            failures.append(f"{method} {far} as {role} (outside): expected 404, "
                                            f"got {status}")
                        if method != "GET":
                            missing = fill(path.replace("{id}", "999999"))
                            want, want_resp = call(method, missing, body, token=tokens[role])
                            code = resp.get("code") if isinstance(resp, dict) else None
                            want_code = want_resp.get("code") if isinstance(want_resp, dict) else None
                            if (status, code) != (want, want_code):
                                failures.append(f"{method} {far} as {role} (outside): {status} "
                                                f"{code}, but a missing one answers {want} "
                                                f"{want_code}")
    finally:
        server.cleanup()

    for f in failures:
        print("FAIL", f)
    print(f"authorization matrix: {checks} checks over {len(ROLES)} roles")
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

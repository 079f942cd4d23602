#!/usr/bin/env python3
"""Seed story 4, played over the API by the roles who live it.

A confirmed case's household are close contacts. Health staff record the case and the
household's exposures in one request; the policy in force (9th edition) orders both
residents into quarantine, with the exposure as reason. The grid worker of their grid
sees the orders; the household refuses; the community police of the grid join (the
assist request itself belongs to the tasks feature); the residents' travel, temperatures
and contact history are recorded and read; both accept quarantine and their orders
become active. Later one of them tests positive: the order is escalated. Every read of
the household's contact history is in the audit log, and the workers of another grid
see none of it.
"""

import argparse
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL", what)
    else:
        print("ok  ", what)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    server = CordonServer(args.cordon)
    try:
        admin = server.bootstrap_admin()

        def call(method, path, body=None, token=admin, headers=None):
            status, _, text = server.request(method, path, body, token=token, headers=headers)
            try:
                return status, json.loads(text) if text else None
            except json.JSONDecodeError:
                return status, text

        def must(method, path, body=None, token=admin, expect=(200, 201, 204)):
            status, resp = call(method, path, body, token)
            if status not in expect:
                raise RuntimeError(f"{method} {path}: {status} {resp}")
            return resp

        must("PUT", "/api/v1/policies/in-force", {"code": "cn-9th-2022"})
        city = must("POST", "/api/v1/places", {"kind": "city", "name": "武汉市"})
        district = must("POST", "/api/v1/places", {"kind": "district", "name": "江汉区", "parent_id": city["id"]})
        grid = must("POST", "/api/v1/places", {"kind": "grid", "name": "常青一网格", "parent_id": district["id"]})
        other = must("POST", "/api/v1/places", {"kind": "grid", "name": "常青二网格", "parent_id": district["id"]})

        def account(name, role, node):
            must("POST", "/api/v1/users", {"username": name, "role": role,
                                           "jurisdiction_id": node["id"], "password": name + "-password-1"})
            cookie, csrf, _ = server.sign_in(name, name + "-password-1")
            status, _, text = server.request("POST", "/api/v1/api-tokens", {"name": "story4"},
                                             headers={"Cookie": f"cordon_session={cookie}",
                                                      "X-CSRF-Token": csrf})
            return json.loads(text)["token"]

        health = account("cdc_wang", "health_staff", district)
        grid_worker = account("grid_li", "grid_worker", grid)
        police = account("police_zhao", "community_police", grid)
        far_worker = account("grid_far", "grid_worker", other)

        case_person = must("POST", "/api/v1/persons", {"name": "陈建国", "grid_id": other["id"]}, token=health)
        husband = must("POST", "/api/v1/persons", {"name": "刘东升", "grid_id": grid["id"],
                                                   "address": "3栋2单元501室"}, token=grid_worker)
        wife = must("POST", "/api/v1/persons", {"name": "李秀英", "grid_id": grid["id"],
                                                "address": "3栋2单元501室"}, token=grid_worker)

        # Health staff: the confirmed case and, in one request, the household that dined
        # with him. Dates are recent so the orders are still running.
        today = datetime.date.today()
        onset = (today - datetime.timedelta(days=2)).isoformat()
        last = (today - datetime.timedelta(days=1)).isoformat()
        case = must("POST", "/api/v1/cases", {"person_id": case_person["id"], "classification": "confirmed",
                                              "onset_date": onset}, token=health)
        status, _ = call("POST", "/api/v1/cases", {"person_id": husband["id"], "classification": "suspected"},
                         token=grid_worker)
        check(status == 403, "a grid worker cannot record cases (403)")
        status, made = call("POST", f"/api/v1/cases/{case['id']}/contacts",
                            {"contacts": [{"person_id": p["id"], "setting": "shared_meal",
                                           "last_date": last, "place": "家宴"} for p in (husband, wife)]},
                            token=health, headers={"Idempotency-Key": "story4-household"})
        check(status == 201 and [e["category"] for e in made["items"]] == ["close", "close"],
              "the household are close contacts of the confirmed case")

        # The grid worker sees the two orders the policy made, with the exposure as reason.
        orders = {}
        for p in (husband, wife):
            _, page = call("GET", f"/api/v1/quarantine-orders?person_id={p['id']}", token=grid_worker)
            items = page["items"] if isinstance(page, dict) else []
            check(len(items) == 1 and items[0]["reason"] == "close_contact"
                  and items[0]["kind"] == "centralized" and items[0]["status"] == "ordered"
                  and items[0]["anchor_date"] == last and "exposure" in items[0]["note"],
                  f"{p['name']} is ordered 7 days centralized from the last exposure")
            if items:
                orders[p["id"]] = items[0]

        # They refuse; the community police of the grid join and read the contact history.
        status, history = call("GET", f"/api/v1/exposures?person_id={husband['id']}", token=police)
        check(status == 200 and history["items"][0]["source_person_id"] == case_person["id"],
              "the police read the husband's contact history")
        status, contacts = call("GET", f"/api/v1/cases/{case['id']}/contacts", token=police)
        check(status == 404, "the case lives in another grid: the police of this grid do not see it")
        status, _ = call("GET", f"/api/v1/cases/{case['id']}/contacts", token=health)
        check(status == 200, "the district's health staff see the case and its contacts")

        # Travel and temperature recorded with the arrival the husband reports.
        status, arrival = call("POST", "/api/v1/arrivals",
                               {"person_id": husband["id"], "origin": "孝感市",
                                "arrival_date": (today - datetime.timedelta(days=5)).isoformat(),
                                "transport": "car", "temperature": 36.6}, token=police)
        check(status == 201, f"the husband's travel and temperature are recorded ({status})")

        # Persuaded, both accept: their orders become active.
        for p in (husband, wife):
            o = orders.get(p["id"])
            if not o:
                continue
            status, done = call("POST", f"/api/v1/quarantine-orders/{o['id']}/activate",
                                {"version": o["version"], "note": "经民警劝导，同意隔离"}, token=police)
            check(status == 200 and done["status"] == "active", f"{p['name']} accepts quarantine")

        # A worker of another grid sees none of it.
        status, _ = call("GET", f"/api/v1/exposures/{made['items'][0]['id']}", token=far_worker)
        check(status in (403, 404), "a worker of another grid cannot read the exposure")
        status, page = call("GET", f"/api/v1/quarantine-orders?person_id={husband['id']}", token=far_worker)
        check(status != 200 or page["items"] == [], "nor the household's orders")

        # Days later the wife tests positive: her order is escalated, her contacts traced.
        wife_case = must("POST", "/api/v1/cases", {"person_id": wife["id"], "classification": "asymptomatic",
                                                   "sampling_date": today.isoformat()}, token=health)
        o = orders.get(wife["id"])
        if o:
            _, detail = call("GET", f"/api/v1/quarantine-orders/{o['id']}", token=grid_worker)
            order = detail.get("order", detail) if isinstance(detail, dict) else {}
            check(order.get("status") == "escalated", "the wife's order is escalated when she becomes a case")
            history = detail.get("history", []) if isinstance(detail, dict) else []
            check([h["action"] for h in history][-1:] == ["escalate"], "the escalation is in the order's history")
        _, chain = call("GET", f"/api/v1/cases/{wife_case['id']}/chain", token=health)
        check(chain["ancestors"] == [{"case_id": case["id"], "distance": 1}] and chain["generation"] == 2,
              "her chain leads to the confirmed case")

        # The audit log holds the police's read of the contact history.
        _, audit = call("GET", "/api/v1/audit?action=exposure.list")
        check(any(e["actor_name"] == "police_zhao" for e in audit["items"]),
              "the contact-history read is audited with the officer's name")
    finally:
        server.cleanup()
    print(f"story 4: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

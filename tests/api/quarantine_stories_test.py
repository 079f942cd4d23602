#!/usr/bin/env python3
"""Seed stories 2 and 7 (docs: DESIGN.md "Seed stories") played over HTTP against a real
server, as far as quarantine orders and arrivals carry them; each step is checked.

Story 2: a family in home quarantine wants to leave on day 10 to catch a train; the order
stays active and no day is lost: release is refused until the last day, the end date does
not move, and the history shows no break.

Story 7: a hotel front desk reports two travellers from a high-risk area with their
details and temperatures; the policy in force orders centralized quarantine; the orders
are transferred to the designated hotel for such travellers and activated; the front desk
sees nothing but what it reported, and the audit log names every step.

Quarantine days follow the server's real clock, so every date is relative to today in
Asia/Shanghai.
"""

import argparse
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402


class Failed(Exception):
    pass


def today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def day(offset):
    return (today() + datetime.timedelta(days=offset)).isoformat()


class Client:
    def __init__(self, server, token):
        self.server, self.token = server, token

    def call(self, method, path, body=None, expect=None, headers=None):
        status, _, text = self.server.request(method, path, body, token=self.token, headers=headers)
        data = json.loads(text) if text else None
        if expect is not None and status != expect:
            raise Failed(f"{method} {path}: expected {expect}, got {status}: {text[:400]}")
        return data if expect is not None else (status, data)


def check(condition, message):
    if not condition:
        raise Failed(message)
    print("ok  ", message)


def account(server, admin, username, role, jurisdiction_id):
    password = f"{username}-password-1"
    admin.call("POST", "/api/v1/users", {"username": username, "role": role,
                                         "jurisdiction_id": jurisdiction_id,
                                         "password": password}, expect=201)
    cookie, csrf, _ = server.sign_in(username, password)
    status, _, text = server.request("POST", "/api/v1/api-tokens", {"name": "stories"},
                                     headers={"Cookie": f"cordon_session={cookie}",
                                              "X-CSRF-Token": csrf})
    if status != 201:
        raise Failed(f"token for {username}: {status} {text}")
    return Client(server, json.loads(text)["token"])


def story_2(server, admin, grid, worker):
    print("-- story 2: a family in home quarantine wants to leave on day 10")
    family = [admin.call("POST", "/api/v1/persons", {"name": name, "id_number": number,
                                                     "grid_id": grid}, expect=201)["id"]
              for name, number in (("张伟", "150783198003120015"), ("王芳", "15078319851120002X"))]
    # Exposed 10 days ago: today is day 10 of 14 under the early-2020 rules.
    orders = []
    for person in family:
        o = worker.call("POST", "/api/v1/quarantine-orders",
                        {"person_id": person, "reason": "close_contact", "anchor_date": day(-10)},
                        expect=201)
        check(o["kind"] == "home" and o["end_date"] == day(4),
              f"order {o['id']}: home quarantine until {day(4)} (exposure + 14)")
        worker.call("POST", f"/api/v1/quarantine-orders/{o['id']}/activate", {}, expect=200)
        orders.append(o)
    # The family asks to leave today for their train: not before the last day.
    for o in orders:
        status, body = worker.call("POST", f"/api/v1/quarantine-orders/{o['id']}/release", {})
        check(status == 409 and body["code"] == "order.release_conditions_not_met"
              and body["errors"][0]["code"] == "period_not_over",
              f"order {o['id']}: release on day 10 refused (period_not_over)")
    # Persuaded by the police, they stay: the orders stay active, no day is lost.
    for o in orders:
        now = worker.call("GET", f"/api/v1/quarantine-orders/{o['id']}", expect=200)
        check(now["status"] == "active" and now["end_date"] == day(4),
              f"order {o['id']}: still active, still ending {day(4)}")
        check([h["action"] for h in now["history"]] == ["create", "activate"],
              f"order {o['id']}: history without a break")
    due = worker.call("GET", f"/api/v1/release-list?grid_id={grid}", expect=200)
    check(due["due"] == [] and due["due_next"] == [], "nobody of the grid is due today or tomorrow")
    later = worker.call("GET", f"/api/v1/release-list?grid_id={grid}&date={day(4)}", expect=200)
    check(sorted(i["id"] for i in later["due"]) == sorted(o["id"] for o in orders)
          and all(i["release_ready"] for i in later["due"]),
          f"both due for release on {day(4)}, conditions met then")


def story_7(server, admin, city, grid, desk, health):
    print("-- story 7: a hotel reports two travellers from a high-risk area")
    admin.call("PUT", "/api/v1/policies/in-force", {"code": "cn-9th-2022"}, expect=200)
    area = admin.call("POST", "/api/v1/risk-areas",
                      {"name": "某市某区", "level": "high", "effective_from": day(-5)}, expect=201)
    travellers = [("李明", "110105194912310011", 36.6), ("赵丽", "11010519491231002X", 37.6)]
    reports = []
    for name, number, temperature in travellers:
        body = {"person": {"name": name, "id_number": number, "phone": "13800138000"},
                "origin_area_id": area["id"], "arrival_date": day(-1), "transport": "train",
                "transport_detail": "G1234", "temperature": temperature}
        key = {"Idempotency-Key": f"hotel-{number}"}
        r = desk.call("POST", "/api/v1/arrivals", body, expect=201, headers=key)
        again = desk.call("POST", "/api/v1/arrivals", body, expect=201, headers=key)
        check(again["id"] == r["id"], f"{name}: a retried report makes no second arrival")
        check(again == r, f"{name}: the retry answers exactly the first answer: {again} vs {r}")
        check(r["person_created"] and r["risk_level"] == "high" and r["grid_id"] == grid,
              f"{name}: registered in the hotel's grid, origin high-risk on the arrival date")
        check(r["fever"] == (temperature >= 37.3), f"{name}: {temperature} °C, fever {r['fever']}")
        o = r["order"]
        check(o is not None and o["kind"] == "centralized" and o["end_date"] == day(6)
              and o["policy_code"] == "cn-9th-2022" and o["site_id"] is None,
              f"{name}: 7 days centralized until {day(6)}, site still to assign")
        reports.append(r)
    # The front desk only reports: it cannot read orders, arrivals or persons.
    status, body = desk.call("GET", f"/api/v1/quarantine-orders/{reports[0]['order']['id']}")
    check(status == 403 and body["code"] == "permission_denied", "the front desk cannot read orders")
    status, _ = desk.call("GET", f"/api/v1/persons/{reports[0]['person_id']}")
    check(status == 403, "the front desk cannot read persons")
    # Health staff transfer both to the designated hotel for such travellers and start.
    designated_hotel = admin.call("POST", "/api/v1/sites", {
        "name": "涉疫地区来人定点酒店", "address": "胜利路1号", "kind": "hotel", "node_id": grid,
        "capacity": 50}, expect=201)["id"]
    for r in reports:
        oid = r["order"]["id"]
        t = health.call("POST", f"/api/v1/quarantine-orders/{oid}/transfer",
                        {"site_id": designated_hotel, "note": "escorted by bus"}, expect=200)
        check(t["site_id"] == designated_hotel, f"order {oid}: transferred to site {designated_hotel}")
        a = health.call("POST", f"/api/v1/quarantine-orders/{oid}/activate", {}, expect=200)
        check(a["status"] == "active", f"order {oid}: active")
    for (name, number, temperature), r in zip(travellers, reports):
        body = {"person": {"name": name, "id_number": number, "phone": "13800138000"},
                "origin_area_id": area["id"], "arrival_date": day(-1), "transport": "train",
                "transport_detail": "G1234", "temperature": temperature}
        late = desk.call("POST", "/api/v1/arrivals", body, expect=201,
                         headers={"Idempotency-Key": f"hotel-{number}"})
        check(late == r, f"{name}: a retry after the transfer still answers the first answer")
    at_site = health.call("GET", f"/api/v1/quarantine-orders?site_id={designated_hotel}&status=active",
                          expect=200)
    check(len(at_site["items"]) == 2, "both listed at the designated hotel")
    schedule = health.call("GET", f"/api/v1/quarantine-orders/{reports[0]['order']['id']}/test-schedule",
                           expect=200)
    check([t["day"] for t in schedule["tests"]] == [1, 2, 3, 5, 7]
          and schedule["tests"][0]["date"] == day(0),
          "tests due on days 1, 2, 3, 5 and 7 from today")
    arrivals = health.call("GET", f"/api/v1/arrivals?grid_id={grid}", expect=200)
    check(len(arrivals["items"]) == 2, "the grid's arrivals list shows the two travellers")
    audit = admin.call("GET", "/api/v1/audit?action=arrival.report", expect=200)
    check(len(audit["items"]) == 2, "two arrival reports in the audit log")
    audit = admin.call("GET", "/api/v1/audit?action=quarantine_order.transfer", expect=200)
    check(len(audit["items"]) == 2, "two transfers in the audit log")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    server = CordonServer(args.cordon)
    try:
        admin = Client(server, server.bootstrap_admin())
        city = admin.call("POST", "/api/v1/places", {"kind": "city", "name": "示范市"}, expect=201)["id"]
        grid = admin.call("POST", "/api/v1/places", {"kind": "grid", "name": "一网格",
                                                     "parent_id": city}, expect=201)["id"]
        hotel_grid = admin.call("POST", "/api/v1/places", {"kind": "grid", "name": "酒店网格",
                                                           "parent_id": city}, expect=201)["id"]
        worker = account(server, admin, "grid1", "grid_worker", grid)
        desk = account(server, admin, "desk", "hotel_front_desk", hotel_grid)
        health = account(server, admin, "health", "health_staff", city)
        story_2(server, admin, grid, worker)
        story_7(server, admin, city, hotel_grid, desk, health)
    except Failed as e:
        print("FAIL", e)
        return 1
    finally:
        server.cleanup()
    print("quarantine stories passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

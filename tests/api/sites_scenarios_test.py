#!/usr/bin/env python3
"""Quarantine sites over the real API: seed story 3 (16 people escorted to centralized
sites; occupancy and room assignments follow; no site over capacity), parallel check-ins
that race for the last beds, and seed story 1's site part (check-in, 38.5 °C at night
raises a fever alert, acknowledged), with the roster downloads.
"""

import argparse
import datetime
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


class Failures(list):
    def check(self, cond, what):
        if not cond:
            self.append(what)
            print("FAIL", what)
        return cond


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    server = CordonServer(args.cordon, extra_args=["--sweep-seconds", "0"])
    f = Failures()
    try:
        token = server.bootstrap_admin()

        def call(method, path, body=None, **kw):
            status, headers, text = server.request(method, path, body, token=token, **kw)
            try:
                return status, json.loads(text) if text else None
            except (json.JSONDecodeError, UnicodeDecodeError):
                return status, text

        def ok(method, path, body=None, want=(200, 201)):
            status, resp = call(method, path, body)
            if status not in want:
                raise RuntimeError(f"{method} {path}: {status} {resp}")
            return resp

        today = datetime.datetime.now(SHANGHAI).date()
        city = ok("POST", "/api/v1/places", {"kind": "city", "name": "牙克石市"})
        street = ok("POST", "/api/v1/places", {"kind": "street", "name": "胜利街道", "parent_id": city["id"]})
        grid = ok("POST", "/api/v1/places", {"kind": "grid", "name": "第一网格", "parent_id": street["id"]})

        def order_for(name):
            person = ok("POST", "/api/v1/persons", {"name": name, "grid_id": grid["id"]})
            return ok("POST", "/api/v1/quarantine-orders", {
                "person_id": person["id"], "kind": "centralized", "reason": "close_contact",
                "anchor_date": (today - datetime.timedelta(days=1)).isoformat(),
                "start_date": today.isoformat(),
                "end_date": (today + datetime.timedelta(days=13)).isoformat()})

        def make_site(name, capacity, rooms):
            site = ok("POST", "/api/v1/sites", {"name": name, "address": "胜利路" + name, "kind": "hotel",
                                                "node_id": street["id"], "capacity": capacity})
            made = []
            for number, beds, family in rooms:
                made.append(ok("POST", f"/api/v1/sites/{site['id']}/rooms",
                               {"number": number, "floor": int(number[0]), "beds": beds, "family": family}))
            return site, made

        # --- Seed story 3: officers escort 16 people to two designated hotels.
        site_a, rooms_a = make_site("甲酒店", 10, [(f"2{i:02d}", 1, False) for i in range(1, 8)] + [("301", 3, True)])
        site_b, rooms_b = make_site("乙酒店", 6, [(f"4{i:02d}", 1, False) for i in range(1, 7)])
        orders = [order_for(f"护送{i:02d}") for i in range(16)]
        plan = [(site_a, rooms_a[i]) for i in range(7)] + [(site_a, rooms_a[7])] * 3 + \
               [(site_b, rooms_b[i]) for i in range(6)]
        stays = []
        for order, (site, room) in zip(orders, plan):
            status, stay = call("POST", f"/api/v1/sites/{site['id']}/check-ins",
                                {"order_id": order["id"], "room_id": room["id"]},
                                headers={"Idempotency-Key": f"escort-{order['id']}"})
            f.check(status == 201, f"story 3: check-in of order {order['id']} answered {status} {stay}")
            stays.append(stay)
        # A retried check-in (same key) answers the same stay and takes no second bed.
        status, again = call("POST", f"/api/v1/sites/{site_a['id']}/check-ins",
                             {"order_id": orders[0]["id"], "room_id": rooms_a[0]["id"]},
                             headers={"Idempotency-Key": f"escort-{orders[0]['id']}"})
        f.check(status == 201 and again["id"] == stays[0]["id"], f"story 3: retry gave {status} {again}")
        for site, want in ((site_a, 10), (site_b, 6)):
            s = ok("GET", f"/api/v1/sites/{site['id']}")
            f.check(s["occupied"] == want and s["available"] == 0,
                    f"story 3: {site['name']} occupied {s['occupied']}, expected {want}")
        board = ok("GET", f"/api/v1/sites/{site_a['id']}/rooms")
        by_number = {r["number"]: r for r in board["items"]}
        f.check(len(by_number["301"]["occupants"]) == 3, "story 3: the family room holds the family of 3")
        f.check(all(len(r["occupants"]) == 1 for n, r in by_number.items() if n != "301"),
                "story 3: every single room holds one person")
        f.check(all(o["order_status"] == "active" for r in board["items"] for o in r["occupants"]),
                "story 3: checked-in orders are active")
        # A 17th person finds both hotels full.
        extra = order_for("护送16")
        status, resp = call("POST", f"/api/v1/sites/{site_b['id']}/check-ins",
                            {"order_id": extra["id"], "room_id": rooms_b[0]["id"]})
        f.check(status == 409 and resp["code"] == "site_full", f"story 3: 17th got {status} {resp}")
        occ = ok("GET", f"/api/v1/sites/{site_a['id']}/occupancy")
        f.check(occ["items"][-1] == {"day": today.isoformat(), "occupied": 10, "checked_in": 10,
                                     "checked_out": 0}, f"story 3: occupancy {occ['items'][-1]}")
        # A room move inside the full hotel, then a check-out, keep the counts right.
        status, moved = call("POST", f"/api/v1/stays/{stays[0]['id']}/check-out")
        f.check(status == 200 and moved["end_reason"] == "check_out", f"check-out {status} {moved}")
        status, moved = call("POST", f"/api/v1/stays/{stays[1]['id']}/transfer", {"room_id": rooms_a[0]["id"]})
        f.check(status == 201 and moved["room_id"] == rooms_a[0]["id"], f"transfer {status} {moved}")
        f.check(ok("GET", f"/api/v1/sites/{site_a['id']}")["occupied"] == 9, "occupancy after check-out")

        # --- Parallel check-ins race for 5 beds in 8 rooms, and for a family room of 3.
        race, race_rooms = make_site("丙酒店", 5, [(f"5{i:02d}", 1, False) for i in range(8)] + [("601", 3, True)])
        racers = [order_for(f"并发{i:02d}") for i in range(40)]
        results = [None] * len(racers)

        def fire(i):
            room = race_rooms[i % 8] if i < 24 else race_rooms[8]
            results[i] = server.request("POST", f"/api/v1/sites/{race['id']}/check-ins",
                                        {"order_id": racers[i]["id"], "room_id": room["id"]},
                                        token=token)
        threads = [threading.Thread(target=fire, args=(i,)) for i in range(len(racers))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        admitted = [r for r in results if r[0] == 201]
        refused = [json.loads(r[2])["code"] for r in results if r[0] != 201]
        f.check(len(admitted) == 5, f"race: {len(admitted)} admitted to a site of 5")
        f.check(all(c in ("site_full", "room_full") for c in refused), f"race: refusals {set(refused)}")
        board = ok("GET", f"/api/v1/sites/{race['id']}/rooms")
        f.check(board["site"]["occupied"] == 5 == sum(len(r["occupants"]) for r in board["items"]),
                "race: the counter and the board agree")
        f.check(all(len(r["occupants"]) <= r["limit"] for r in board["items"]),
                "race: no room over its limit")

        # --- Seed story 1, site part: the returnee escorted to the hotel reports 38.5 °C at night.
        hotel, hotel_rooms = make_site("定点酒店", 2, [("101", 1, False), ("102", 1, False)])
        person = ok("POST", "/api/v1/persons", {"name": "=HYPERLINK(\"http://x\")", "grid_id": grid["id"]})
        returnee = ok("POST", "/api/v1/quarantine-orders", {
            "person_id": person["id"], "kind": "centralized", "reason": "arrival",
            "anchor_date": (today - datetime.timedelta(days=2)).isoformat(),
            "start_date": (today - datetime.timedelta(days=1)).isoformat(),
            "end_date": (today + datetime.timedelta(days=12)).isoformat()})
        f.check(returnee["status"] == "ordered", "story 1: the order waits for the escort")
        stay = ok("POST", f"/api/v1/sites/{hotel['id']}/check-ins",
                  {"order_id": returnee["id"], "room_id": hotel_rooms[0]["id"]})
        detail = ok("GET", f"/api/v1/quarantine-orders/{returnee['id']}")
        f.check(detail["status"] == "active" and detail["site_id"] == hotel["id"],
                f"story 1: order after check-in {detail.get('status')} {detail.get('site_id')}")
        night = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(22, 30),
                                          tzinfo=SHANGHAI)
        status, check = call("POST", "/api/v1/health-checks", {
            "order_id": returnee["id"], "temperature": 38.5, "method": "visit",
            "taken_at": night.isoformat()})
        f.check(status == 201 and check["alert"] and check["alert"]["kind"] == "fever",
                f"story 1: 38.5 °C gave {status} {check}")
        f.check(check.get("slot") == 1, "story 1: 22:30 is the evening check")
        alerts = ok("GET", f"/api/v1/alerts?site_id={hotel['id']}&status=open")
        f.check([a["kind"] for a in alerts["items"]] == ["fever"] and
                alerts["items"][0]["order_id"] == returnee["id"], f"story 1: open alerts {alerts}")
        alert_id = check["alert"]["id"]
        # The fever opened a referral task for the returnee's grid, linked from the alert.
        task_id = check["alert"]["task_id"]
        f.check(task_id is not None, f"story 1: the fever alert names its referral task: {check['alert']}")
        if task_id is not None:
            status, task = call("GET", f"/api/v1/tasks/{task_id}")
            f.check(status == 200 and task["kind"] == "referral" and task["source"] == "alert"
                    and task["source_id"] == alert_id and task["subject_person_id"] == check["person_id"],
                    f"story 1: referral task {status} {task}")
        status, acked = call("POST", f"/api/v1/alerts/{alert_id}/acknowledge")
        f.check(status == 200 and acked["status"] == "acknowledged", f"acknowledge {status}")
        status, resp = call("POST", f"/api/v1/alerts/{alert_id}/acknowledge")
        f.check(status == 409 and resp["code"] == "alert_already_acknowledged", "second acknowledge is 409")
        due = ok("GET", f"/api/v1/follow-ups/due?site_id={hotel['id']}")
        f.check([d["order_id"] for d in due["items"]] == [returnee["id"]] and
                [s["name"] for s in due["items"][0]["slots"]] == ["morning", "evening"],
                f"story 1: due list {due}")
        checks = ok("GET", f"/api/v1/health-checks?order_id={returnee['id']}")
        f.check([c["temperature"] for c in checks["items"]] == [38.5], "story 1: the check is listed")
        status, resp = call("POST", "/api/v1/alerts/sweep", {})
        f.check(status == 200 and isinstance(resp.get("raised"), int), f"sweep {status} {resp}")

        # --- Order actions move people out of sites: break, escalate and a transfer between
        # hotels check out at once; a transfer to a full hotel is refused whole.
        east, east_rooms = make_site("东酒店", 2, [("701", 1, False), ("702", 1, False)])
        west, west_rooms = make_site("西酒店", 1, [("801", 1, False), ("802", 1, False)])
        movers = [order_for(f"转运{i}") for i in range(3)]
        for order, room in zip(movers[:2], east_rooms):
            ok("POST", f"/api/v1/sites/{east['id']}/check-ins", {"order_id": order["id"], "room_id": room["id"]})
        status, moved = call("POST", f"/api/v1/quarantine-orders/{movers[0]['id']}/transfer",
                             {"site_id": west["id"], "note": "to the hotel for arrivals"})
        f.check(status == 200 and moved["site_id"] == west["id"] and moved["stay"]
                and moved["stay"]["room_id"] == west_rooms[0]["id"]
                and moved["ended_stay"]["end_reason"] == "transfer_order",
                f"order transfer between sites: {status} {moved}")
        f.check(ok("GET", f"/api/v1/sites/{east['id']}")["occupied"] == 1 and
                ok("GET", f"/api/v1/sites/{west['id']}")["occupied"] == 1,
                "order transfer: one left the east hotel, one arrived at the west one")
        status, resp = call("POST", f"/api/v1/quarantine-orders/{movers[1]['id']}/transfer",
                            {"site_id": west["id"]})
        f.check(status == 409 and resp["code"] == "site_full", f"transfer to a full hotel: {status} {resp}")
        still = ok("GET", f"/api/v1/quarantine-orders/{movers[1]['id']}")
        board = ok("GET", f"/api/v1/sites/{east['id']}/rooms")
        f.check(still["site_id"] == east["id"] and still["history"][-1]["action"] == "activate" and
                [o["order_id"] for r in board["items"] for o in r["occupants"]] == [movers[1]["id"]],
                "refused transfer: the order, its stay and the board are unchanged")
        status, resp = call("POST", f"/api/v1/quarantine-orders/{movers[1]['id']}/transfer",
                            {"kind": "home", "room_id": west_rooms[1]["id"]})
        f.check(status == 422 and resp["errors"][0]["field"] == "room_id",
                f"a room without a site: {status} {resp}")
        status, broke = call("POST", f"/api/v1/quarantine-orders/{movers[1]['id']}/break",
                             {"note": "left the hotel"})
        f.check(status == 200 and broke["status"] == "broken"
                and broke["ended_stay"]["end_reason"] == "break", f"break: {status} {broke}")
        status, escalated = call("POST", f"/api/v1/quarantine-orders/{movers[0]['id']}/escalate", {})
        f.check(status == 200 and escalated["ended_stay"]["end_reason"] == "escalate"
                and escalated["ended_stay"]["checked_out_on"] == today.isoformat(),
                f"escalate: {status} {escalated}")
        for site in (east, west):
            s = ok("GET", f"/api/v1/sites/{site['id']}")
            f.check(s["occupied"] == 0, f"{site['name']} empty after break and escalate: {s['occupied']}")
        occ = ok("GET", f"/api/v1/sites/{east['id']}/occupancy")
        f.check(occ["items"][-1] == {"day": today.isoformat(), "occupied": 0, "checked_in": 2,
                                     "checked_out": 2}, f"east hotel occupancy today {occ['items'][-1]}")
        occ = ok("GET", f"/api/v1/sites/{west['id']}/occupancy")
        f.check(occ["items"][-1] == {"day": today.isoformat(), "occupied": 0, "checked_in": 1,
                                     "checked_out": 1}, f"west hotel occupancy today {occ['items'][-1]}")
        # An order not yet checked in is checked in by a transfer that names the room.
        status, placed = call("POST", f"/api/v1/quarantine-orders/{movers[2]['id']}/transfer",
                              {"site_id": west["id"], "room_id": west_rooms[1]["id"]})
        f.check(status == 200 and placed["stay"]["room_id"] == west_rooms[1]["id"]
                and placed["ended_stay"] is None and placed["status"] == "active",
                f"transfer naming the room: {status} {placed}")

        # --- The roster downloads, with the formula-like name neutralized.
        status, headers, text = server.request("GET", f"/api/v1/sites/{hotel['id']}/roster?format=csv",
                                               token=token)
        f.check(status == 200 and headers["content-type"].startswith("text/csv"), f"roster csv {status}")
        f.check("'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text,
                "roster csv: the formula is neutralized")
        conn_status, headers, _ = server.request("GET", f"/api/v1/sites/{hotel['id']}/roster?format=xlsx",
                                                 token=token)
        f.check(conn_status == 200 and "spreadsheetml" in headers["content-type"] and
                "attachment" in headers.get("content-disposition", ""), f"roster xlsx {conn_status}")
    finally:
        server.cleanup()
    print(f"sites scenarios: {len(f)} failures")
    return 1 if f else 0


if __name__ == "__main__":
    sys.exit(main())

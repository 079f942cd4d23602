#!/usr/bin/env python3
"""Seed stories over the API (docs/reports.md): 5 (free-range poultry), 6 (a gathering
verified by the police within the deadline), the assist requests (联动) of 2 and 4, and a
screening campaign. Each story runs against one real server; a failed story is reported
and the others still run.
"""

import argparse
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cordon_server import CordonServer  # noqa: E402
from work_fixture import Work  # noqa: E402


def actions(timeline):
    return [e["action"] for e in timeline]


def story_5_poultry(w):
    """A resident complains of free-range poultry; a worker verifies, visits, and closes
    the report with an outcome."""
    receipt = w.ok("POST", "/api/v1/public/reports", {
        "category": "sanitation", "address": "幸福小区3栋楼下",
        "description": "有人在小区里散养鸡鸭", "contact": "138****0000"}, as_=None)
    ref = receipt["reference"]
    # The grid worker cannot see an unplaced report; the command office can.
    reports = w.ok("GET", "/api/v1/reports", as_="grid")["items"]
    assert all(r["reference"] != ref for r in reports), reports
    mine = [r for r in w.ok("GET", "/api/v1/reports", as_="commander")["items"] if r["reference"] == ref]
    assert len(mine) == 1, mine
    rid = mine[0]["id"]
    # Out of order: dispatch before triage.
    status, body = w.call("POST", f"/api/v1/reports/{rid}/dispatch", {"unit_id": w.grid_a["id"]},
                          as_="commander")
    assert status == 409 and body["code"] == "illegal_transition", (status, body)
    w.ok("POST", f"/api/v1/reports/{rid}/triage", {"place_id": w.grid_a["id"], "note": "网格A"},
         as_="commander")
    done = w.ok("POST", f"/api/v1/reports/{rid}/dispatch",
                {"unit_id": w.grid_a["id"], "assignee_role": "grid_worker"}, as_="commander")
    task = done["task"]
    assert task["source"] == "report" and task["source_id"] == rid, task
    inbox = w.ok("GET", "/api/v1/tasks/inbox", as_="grid")["items"]
    assert [t["id"] for t in inbox] == [task["id"]], inbox
    # The police of the community are not the grid worker role the task is for.
    status, body = w.call("POST", f"/api/v1/tasks/{task['id']}/accept", {}, as_="police")
    assert status == 403 and body["code"] == "not_your_task", (status, body)
    w.ok("POST", f"/api/v1/tasks/{task['id']}/accept", {}, as_="grid")
    w.ok("POST", f"/api/v1/tasks/{task['id']}/outcome",
         {"result": "completed", "note": "已上门，户主同意圈养"}, as_="grid")
    w.ok("POST", f"/api/v1/reports/{rid}/verify", {"note": "现场核实属实"}, as_="grid")
    closed = w.ok("POST", f"/api/v1/reports/{rid}/resolve", {"note": "家禽已圈养"}, as_="grid")
    assert closed["status"] == "resolved" and closed["due_at"] is None, closed
    detail = w.ok("GET", f"/api/v1/reports/{rid}", as_="grid")
    assert actions(detail["timeline"]) == ["received", "triaged", "dispatched", "verified",
                                           "resolved"], detail["timeline"]
    assert [e["actor_name"] for e in detail["timeline"]] == ["public", "commander", "commander",
                                                              "grid", "grid"], detail["timeline"]
    # A closed report moves no more; the resident sees only its status.
    status, _ = w.call("POST", f"/api/v1/reports/{rid}/reject", {}, as_="grid")
    assert status == 409
    assert w.ok("GET", f"/api/v1/public/reports/{ref}", as_=None) == {"reference": ref, "status": "resolved"}
    task = w.ok("GET", f"/api/v1/tasks/{task['id']}", as_="grid")
    assert task["status"] == "done" and task["result"] == "completed", task


def story_6_gathering(w):
    """A resident reports a gathering dinner of six or seven people; police verify on
    site within the deadline and record the outcome."""
    receipt = w.ok("POST", "/api/v1/public/reports", {
        "category": "gathering", "place_id": w.building["id"],
        "description": "3栋201有六七个人聚餐"}, as_=None)
    ref = receipt["reference"]
    # Placed at filing: the grid worker and the community police see it at once.
    rid = [r for r in w.ok("GET", "/api/v1/reports", as_="police")["items"] if r["reference"] == ref][0]["id"]
    report = w.ok("GET", f"/api/v1/reports/{rid}", as_="grid")
    assert report["category"] == "gathering"
    status, _ = w.call("GET", f"/api/v1/reports/{rid}", as_="far_police")
    assert status == 404, status
    w.ok("POST", f"/api/v1/reports/{rid}/triage", {}, as_="commander")
    done = w.ok("POST", f"/api/v1/reports/{rid}/dispatch",
                {"unit_id": w.community["id"], "assignee_role": "community_police",
                 "task_kind": "visit"}, as_="commander")
    # The gathering's dispatch step allows an hour for the on-site check.
    task = done["task"]
    assert task["due_at"] == done["due_at"], done
    inbox = w.ok("GET", "/api/v1/tasks/inbox", as_="police")["items"]
    assert task["id"] in [t["id"] for t in inbox], inbox
    w.ok("POST", f"/api/v1/tasks/{task['id']}/accept", {}, as_="police")
    status, body = w.call("POST", f"/api/v1/tasks/{task['id']}/outcome", {"result": "dispersed"},
                          as_="police")
    assert status == 422 and body["errors"][0]["field"] == "result", body
    w.ok("POST", f"/api/v1/tasks/{task['id']}/outcome",
         {"result": "persuaded", "note": "现场7人聚餐，已劝散并登记"}, as_="police")
    verified = w.ok("POST", f"/api/v1/reports/{rid}/verify", {"note": "民警现场核查"}, as_="police")
    assert verified["status"] == "verified"
    overdue = w.ok("GET", "/api/v1/reports/overdue", as_="commander")["items"]
    assert rid not in [r["id"] for r in overdue], overdue
    w.ok("POST", f"/api/v1/reports/{rid}/resolve", {"note": "已处置"}, as_="police")
    detail = w.ok("GET", f"/api/v1/reports/{rid}", as_="commander")
    verify_entry = [e for e in detail["timeline"] if e["action"] == "verified"][0]
    assert verify_entry["actor_name"] == "police", verify_entry
    assert w.ok("GET", f"/api/v1/public/reports/{ref.lower()}", as_=None)["status"] == "resolved"


def story_2_assist(w):
    """A family in home quarantine wants to leave on day 10 to catch a train: the grid
    worker opens a task, the police persuade them and help refund the ticket."""
    person = w.persons[1]
    task = w.ok("POST", "/api/v1/tasks", {
        "kind": "persuasion", "title": "居家隔离第10天要求离开赶火车",
        "assignee_user_id": w.users["grid"]["id"], "subject_person_id": person["id"]}, as_="grid")
    assert task["unit_id"] == w.grid_a["id"], task
    # Police of another community see nothing of the grid's task, before or after.
    status, _ = w.call("GET", f"/api/v1/tasks/{task['id']}/timeline", as_="far_police")
    assert status == 404, status
    req = w.ok("POST", "/api/v1/assist-requests", {
        "task_id": task["id"], "to_unit_id": w.community["id"], "to_role": "community_police",
        "message": "住户情绪激动，请民警协助劝导"}, as_="grid")
    incoming = w.ok("GET", "/api/v1/assist-requests", as_="police")["items"]
    assert req["id"] in [r["id"] for r in incoming], incoming
    # Only the unit asked answers; another community's police do not even see it.
    status, body = w.call("POST", f"/api/v1/assist-requests/{req['id']}/accept", {}, as_="grid")
    assert status == 403 and body["code"] == "not_for_your_unit", (status, body)
    status, _ = w.call("GET", f"/api/v1/assist-requests/{req['id']}", as_="far_police")
    assert status == 404
    w.ok("POST", f"/api/v1/assist-requests/{req['id']}/accept", {"note": "民警20分钟到"}, as_="police")
    w.ok("POST", f"/api/v1/assist-requests/{req['id']}/notes",
         {"note": "已劝导，协助退火车票，住户同意继续隔离"}, as_="police")
    help_task = w.ok("POST", "/api/v1/tasks", {
        "kind": "help", "title": "协助退票", "assignee_user_id": w.users["grid"]["id"],
        "subject_person_id": person["id"]}, as_="grid")
    w.ok("POST", f"/api/v1/tasks/{help_task['id']}/outcome", {"result": "completed",
                                                              "note": "车票已退"}, as_="grid")
    w.ok("POST", f"/api/v1/assist-requests/{req['id']}/complete", {}, as_="police")
    status, _ = w.call("POST", f"/api/v1/assist-requests/{req['id']}/accept", {}, as_="police")
    assert status == 409
    w.ok("POST", f"/api/v1/tasks/{task['id']}/outcome", {"result": "persuaded",
                                                         "note": "订单保持有效，未丢失一天"}, as_="grid")
    # One shared timeline, the same from both sides.
    mine = w.ok("GET", f"/api/v1/tasks/{task['id']}/timeline", as_="grid")["items"]
    theirs = w.ok("GET", f"/api/v1/tasks/{task['id']}/timeline", as_="police")["items"]
    via_request = w.ok("GET", f"/api/v1/assist-requests/{req['id']}/timeline", as_="police")["items"]
    assert mine == theirs == via_request, (mine, theirs)
    status, _ = w.call("GET", f"/api/v1/tasks/{task['id']}/timeline", as_="far_police")
    assert status == 404, status
    assert actions(mine) == ["created", "assist.requested", "assist.accepted", "assist.note",
                             "assist.done", "outcome"], actions(mine)


def story_4_assist_on_report(w):
    """A grid worker reports a household of close contacts refusing quarantine; via the
    linkage mechanism the community police join and record their part."""
    report = w.ok("POST", "/api/v1/reports", {
        "category": "refusing_quarantine", "place_id": w.rooms[2]["id"],
        "description": "密接家庭拒绝集中隔离"}, as_="grid")
    assert report["source"] == "staff" and report["status"] == "received", report
    w.ok("POST", f"/api/v1/reports/{report['id']}/triage", {}, as_="grid")
    req = w.ok("POST", "/api/v1/assist-requests", {
        "report_id": report["id"], "to_unit_id": w.community["id"],
        "message": "请社区民警联动"}, as_="grid")
    w.ok("POST", f"/api/v1/assist-requests/{req['id']}/accept", {}, as_="police")
    w.ok("POST", f"/api/v1/assist-requests/{req['id']}/notes",
         {"note": "体温36.5/36.7，已登记行程和接触史"}, as_="police")
    w.ok("POST", f"/api/v1/assist-requests/{req['id']}/notes",
         {"note": "两位住户同意接受隔离"}, as_="grid")
    w.ok("POST", f"/api/v1/assist-requests/{req['id']}/complete", {"note": "联动结束"}, as_="police")
    timeline = w.ok("GET", f"/api/v1/assist-requests/{req['id']}/timeline", as_="grid")["items"]
    notes = [(e["actor_name"], e["note"]) for e in timeline if e["action"] == "assist.note"]
    assert notes == [("police", "体温36.5/36.7，已登记行程和接触史"), ("grid", "两位住户同意接受隔离")], notes
    detail = w.ok("GET", f"/api/v1/reports/{report['id']}", as_="grid")
    assert actions(detail["timeline"]) == actions(timeline), detail
    # Bad requests change nothing.
    status, body = w.call("POST", "/api/v1/assist-requests", {
        "report_id": report["id"], "task_id": 1, "to_unit_id": 999999}, as_="grid")
    assert status == 422 and {e["field"] for e in body["errors"]} == {"task_id", "message"}, body
    status, body = w.call("POST", "/api/v1/assist-requests", {
        "report_id": report["id"], "to_unit_id": 999999, "message": "x"}, as_="grid")
    assert status == 422 and body["errors"][0]["field"] == "to_unit_id", body


def story_screening(w):
    """Door-to-door screening of a grid: progress per grid, revisits, an arrival found."""
    status, body = w.call("POST", "/api/v1/screening-campaigns", {
        "name": "x", "grid_id": w.grid_b["id"], "due_date": "2020-02-10"}, as_="grid")
    assert status == 422 and body["errors"][0]["code"] == "not_found", body
    campaign = w.ok("POST", "/api/v1/screening-campaigns", {
        "name": "A网格走访排查", "grid_id": w.grid_a["id"], "due_date": "2020-02-10"}, as_="grid")
    assert campaign["households"] == 3, campaign
    cid = campaign["id"]
    rooms = [r["id"] for r in w.rooms]
    w.ok("POST", f"/api/v1/screening-campaigns/{cid}/visits",
         {"address_id": rooms[0], "result": "all_home"}, as_="grid")
    status, body = w.call("POST", f"/api/v1/screening-campaigns/{cid}/visits",
                          {"address_id": rooms[1], "result": "arrived_from_elsewhere"}, as_="grid")
    assert status == 422 and body["errors"][0]["field"] == "note", body
    status, body = w.call("POST", f"/api/v1/screening-campaigns/{cid}/visits",
                          {"address_id": w.building["id"], "result": "all_home"}, as_="grid")
    assert status == 422 and body["errors"][0]["code"] == "not_a_household", body
    visit = w.ok("POST", f"/api/v1/screening-campaigns/{cid}/visits",
                 {"address_id": rooms[1], "result": "arrived_from_elsewhere",
                  "note": "李娜之子1月22日自武汉返回"}, as_="grid")
    assert visit["task"]["source"] == "screening" and visit["task"]["unit_id"] == w.grid_a["id"], visit
    inbox = w.ok("GET", "/api/v1/tasks/inbox", as_="grid")["items"]
    assert visit["task"]["id"] in [t["id"] for t in inbox], inbox
    w.ok("POST", f"/api/v1/screening-campaigns/{cid}/visits",
         {"address_id": rooms[2], "result": "nobody_home"}, as_="grid")
    progress = w.ok("GET", f"/api/v1/screening-campaigns/{cid}/progress", as_="grid")
    assert (progress["households"], progress["visited"], progress["revisit"], progress["pending"]) == \
        (3, 2, 1, 0), progress
    assert progress["grids"] == [{"grid_id": w.grid_a["id"], "households": 3, "visited": 2,
                                  "revisit": 1, "pending": 0}], progress
    revisit = w.ok("GET", f"/api/v1/screening-campaigns/{cid}/households?status=revisit",
                   as_="grid")["items"]
    assert [h["address_id"] for h in revisit] == [rooms[2]], revisit
    w.ok("POST", f"/api/v1/screening-campaigns/{cid}/visits",
         {"address_id": rooms[2], "result": "all_home"}, as_="grid")
    progress = w.ok("GET", f"/api/v1/screening-campaigns/{cid}/progress", as_="grid")
    assert progress["visited"] == 3 and progress["revisit"] == 0, progress
    # Chosen buildings instead of a whole grid.
    by_building = w.ok("POST", "/api/v1/screening-campaigns", {
        "name": "3栋复查", "building_ids": [w.building["id"]], "due_date": "2020-02-12"}, as_="grid")
    assert by_building["households"] == 3, by_building
    status, _ = w.call("GET", f"/api/v1/screening-campaigns/{cid}", as_="commander")
    assert status == 200


STORIES = [story_5_poultry, story_6_gathering, story_2_assist, story_4_assist_on_report,
           story_screening]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cordon", required=True)
    args = ap.parse_args()
    server = CordonServer(args.cordon, extra_args=["--public-reports", "1000"])
    passed = failed = 0
    try:
        w = Work(server).build_city()
        for story in STORIES:
            try:
                story(w)
                passed += 1
                print("ok  ", story.__name__)
            except Exception:  # noqa: BLE001 - report every story
                failed += 1
                print("FAIL", story.__name__)
                traceback.print_exc()
    finally:
        server.cleanup()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#include "service/assist.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/permissions.h"
#include "core/report.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/nodes.h"

namespace cordon::service {

namespace {

Status assist_not_found() {
  return Status::not_found("assist_request_not_found", "no such assist request");
}

bool on_either_side(const Actor& actor, const AssistRequest& r) {
  return r.from_user_id == actor.user_id || actor.can_see_path(r.to_path) ||
         actor.can_see_path(r.from_path);
}

bool is_receiver(const Actor& actor, const AssistRequest& r) {
  return actor.can_see_path(r.to_path) && (!r.to_role || *r.to_role == actor.role);
}

Result<AssistRequest> load_visible(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto found, store::find_assist_request(conn, id));
  if (!found || !on_either_side(actor, *found)) return assist_not_found();
  return std::move(*found);
}

Event event_for(const AssistRequest& r, std::string type) {
  Event e;
  e.type = std::move(type);
  e.resource_id = r.id;
  e.data = boost::json::serialize(boost::json::object{
      {"assist_request_id", r.id},
      {"subject_type", r.subject_type},
      {"subject_id", r.subject_id},
      {"status", assist_status_name(r.status)},
  });
  return e;
}

// For the unit asked (narrowed to the role asked).
Event created_event(const AssistRequest& r) {
  Event e = event_for(r, "assist_request.created");
  e.unit_id = r.to_unit_id;
  e.role = r.to_role;
  return e;
}

// For the worker who asked.
Event answer_event(const AssistRequest& r) {
  Event e = event_for(r, "assist_request." + std::string(assist_status_name(r.status)));
  e.user_id = r.from_user_id;
  return e;
}

}  // namespace

Result<AssistRequest> AssistService::request(const Actor& actor, const AssistInput& in,
                                             const std::optional<std::string>& idempotency_key) {
  Validation v;
  if (in.task_id.has_value() == in.report_id.has_value())
    v.add("task_id", "one_subject", "name exactly one of task_id and report_id");
  if (!in.to_unit_id) v.add("to_unit_id", "required", "to_unit_id is required");
  if (in.to_role && !parse_role(*in.to_role))
    v.add("to_role", "unknown_role", "no such role: " + *in.to_role);
  std::string message = checked_text(v, "message", in.message, kMaxNote, true);
  CORDON_RETURN_IF_ERROR(v.status());

  AssistRequest out;
  bool created = false;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "assist"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(out, load_visible(conn, actor, *seen));
        return Status();
      }
    }
    AssistRequest r;
    if (in.task_id) {
      r.subject_type = "task";
      r.subject_id = *in.task_id;
      auto task = load_visible_task(conn, actor, *in.task_id);
      if (task.status().kind() == Status::Kind::kNotFound)
        return Status::invalid_field("task_id", "not_found", "no such task");
      CORDON_RETURN_IF_ERROR(task.status());
    } else {
      r.subject_type = "report";
      r.subject_id = *in.report_id;
      auto report = load_visible_report(conn, actor, *in.report_id);
      if (report.status().kind() == Status::Kind::kNotFound)
        return Status::invalid_field("report_id", "not_found", "no such report");
      CORDON_RETURN_IF_ERROR(report.status());
    }
    // The unit asked is usually outside the requester's jurisdiction (the police station
    // of the community): any jurisdiction node will do.
    CORDON_ASSIGN_OR_RETURN(auto unit, store::find_node(conn, *in.to_unit_id));
    if (!unit || !is_jurisdiction(unit->kind))
      return Status::invalid_field("to_unit_id", "not_found", "no such unit");
    Instant now = ctx_.clock.now();
    r.from_user_id = actor.user_id;
    r.from_unit_id = actor.jurisdiction_id;
    r.from_path = actor.jurisdiction_path.value_or("/");
    r.to_unit_id = unit->id;
    r.to_path = unit->path;
    r.to_role = in.to_role;
    r.status = AssistStatus::kRequested;
    r.message = message;
    r.created_at = r.updated_at = now;
    CORDON_ASSIGN_OR_RETURN(out, store::insert_assist_request(conn, r));
    CORDON_RETURN_IF_ERROR(store::append_timeline(
        conn, timeline_entry(ctx_, actor, out.subject_type, out.subject_id, "assist.requested",
                             unit->name + ": " + message)));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "assist.request", "assist_request", out.id,
                          out.subject_type + " " + std::to_string(out.subject_id))));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "assist", out.id, now));
    created = true;
    return events_.publish_in(conn, created_event(out));
  }));
  if (created) events_.publish(created_event(out));
  return out;
}

Result<AssistRequest> AssistService::get(const Actor& actor, int64_t id) {
  AssistRequest out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible(conn, actor, id));
    return Status();
  }));
  return out;
}

Result<AssistPage> AssistService::list(const Actor& actor, const std::optional<std::string>& cursor,
                                       const std::optional<std::string>& limit) {
  CORDON_ASSIGN_OR_RETURN(IdPage page, parse_id_page(cursor, limit));
  AssistPage out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out.items,
                            store::list_assist_requests(conn, actor.jurisdiction_path.value_or("/"),
                                                        page.after_id, page.limit));
    return Status();
  }));
  out.next_cursor = next_id_cursor(out.items, page.limit);
  return out;
}

Result<AssistRequest> AssistService::answer(const Actor& actor, int64_t id, AssistStatus to,
                                            const std::optional<std::string>& note_in) {
  Validation v;
  std::string note = checked_text(v, "note", note_in, kMaxNote, false);
  CORDON_RETURN_IF_ERROR(v.status());
  AssistRequest out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(AssistRequest r, load_visible(conn, actor, id));
    if (!is_receiver(actor, r))
      return Status::forbidden("not_for_your_unit", "only the unit asked may answer");
    if (!assist_may_move(r.status, to))
      return Status::conflict("illegal_transition",
                              "an assist request that is " +
                                  std::string(assist_status_name(r.status)) + " cannot become " +
                                  std::string(assist_status_name(to)));
    r.status = to;
    if (to == AssistStatus::kAccepted) r.accepted_by_user_id = actor.user_id;
    r.updated_at = ctx_.clock.now();
    CORDON_RETURN_IF_ERROR(store::update_assist_request(conn, r));
    std::string action = "assist." + std::string(assist_status_name(to));
    CORDON_RETURN_IF_ERROR(store::append_timeline(
        conn, timeline_entry(ctx_, actor, r.subject_type, r.subject_id, action, note)));
    CORDON_RETURN_IF_ERROR(
        store::append_audit(conn, audit_entry(ctx_, actor, action, "assist_request", id)));
    out = std::move(r);
    return events_.publish_in(conn, answer_event(out));
  }));
  events_.publish(answer_event(out));
  return out;
}

Result<AssistRequest> AssistService::accept(const Actor& actor, int64_t id,
                                            const std::optional<std::string>& note) {
  return answer(actor, id, AssistStatus::kAccepted, note);
}

Result<AssistRequest> AssistService::decline(const Actor& actor, int64_t id,
                                             const std::optional<std::string>& note) {
  return answer(actor, id, AssistStatus::kDeclined, note);
}

Result<AssistRequest> AssistService::complete(const Actor& actor, int64_t id,
                                              const std::optional<std::string>& note) {
  return answer(actor, id, AssistStatus::kDone, note);
}

Result<TimelineEntry> AssistService::add_note(const Actor& actor, int64_t id,
                                              const std::optional<std::string>& note_in) {
  Validation v;
  std::string note = checked_text(v, "note", note_in, kMaxNote, true);
  CORDON_RETURN_IF_ERROR(v.status());
  TimelineEntry out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(AssistRequest r, load_visible(conn, actor, id));
    if (r.status == AssistStatus::kDeclined)
      return Status::conflict("illegal_transition", "the request was declined");
    out = timeline_entry(ctx_, actor, r.subject_type, r.subject_id, "assist.note", note);
    CORDON_RETURN_IF_ERROR(store::append_timeline(conn, out));
    return store::append_audit(conn, audit_entry(ctx_, actor, "assist.note", "assist_request", id));
  }));
  return out;
}

Result<std::vector<TimelineEntry>> AssistService::timeline(const Actor& actor, int64_t id) {
  std::vector<TimelineEntry> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(AssistRequest r, load_visible(conn, actor, id));
    CORDON_ASSIGN_OR_RETURN(out, store::list_timeline(conn, r.subject_type, r.subject_id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "assist.timeline", "assist_request", id));
  return out;
}

}  // namespace cordon::service

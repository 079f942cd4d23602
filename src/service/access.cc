#include "service/access.h"

#include <algorithm>

#include <charconv>

#include "service/cursor.h"
#include "store/nodes.h"

namespace cordon::service {

Status task_not_found() { return Status::not_found("task_not_found", "no such task"); }
Status report_not_found() { return Status::not_found("report_not_found", "no such report"); }

bool sees_unplaced(const Actor& actor) {
  return !actor.jurisdiction_path ||
         std::count(actor.jurisdiction_path->begin(), actor.jurisdiction_path->end(), '/') == 2;
}

Result<bool> joined_by_assist(store::SqlConnection& conn, const Actor& actor,
                              const std::string& subject_type, int64_t subject_id) {
  CORDON_ASSIGN_OR_RETURN(auto requests, store::assist_requests_on(conn, subject_type, subject_id));
  for (const auto& r : requests) {
    if (r.status == AssistStatus::kDeclined) continue;
    if (actor.can_see_path(r.to_path) || actor.can_see_path(r.from_path)) return true;
  }
  return false;
}

Result<store::Task> load_visible_task(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto task, store::find_task(conn, id));
  if (!task) return task_not_found();
  if (actor.can_see_path(task->unit_path) || task->assignee_user_id == actor.user_id)
    return std::move(*task);
  CORDON_ASSIGN_OR_RETURN(bool joined, joined_by_assist(conn, actor, "task", id));
  if (!joined) return task_not_found();
  return std::move(*task);
}

Result<store::Report> load_visible_report(store::SqlConnection& conn, const Actor& actor,
                                          int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto report, store::find_report(conn, id));
  if (!report) return report_not_found();
  bool visible = report->scope_path ? actor.can_see_path(*report->scope_path)
                                    : sees_unplaced(actor);
  if (visible) return std::move(*report);
  CORDON_ASSIGN_OR_RETURN(bool joined, joined_by_assist(conn, actor, "report", id));
  if (!joined) return report_not_found();
  return std::move(*report);
}

store::TimelineEntry timeline_entry(const Context& ctx, const Actor& actor,
                                    std::string subject_type, int64_t subject_id,
                                    std::string action, std::string note) {
  store::TimelineEntry e;
  e.subject_type = std::move(subject_type);
  e.subject_id = subject_id;
  e.at = ctx.clock.now();
  e.actor_user_id = actor.user_id;
  e.actor_name = actor.name;
  e.action = std::move(action);
  e.note = std::move(note);
  return e;
}

Result<Node> visible_node(store::SqlConnection& conn, const Actor& actor, int64_t id,
                          const char* field) {
  CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, id));
  if (!node || !actor.can_see_path(node->path))
    return Status::invalid_field(field, "not_found", "no such place");
  return std::move(*node);
}

Result<IdPage> parse_id_page(const std::optional<std::string>& cursor,
                             const std::optional<std::string>& limit) {
  IdPage page;
  CORDON_ASSIGN_OR_RETURN(page.limit, parse_limit(limit));
  if (cursor && !cursor->empty()) {
    auto r = std::from_chars(cursor->data(), cursor->data() + cursor->size(), page.after_id);
    if (r.ec != std::errc() || r.ptr != cursor->data() + cursor->size() || page.after_id < 0)
      return Status::malformed("invalid_cursor", "cursor is not one this server issued");
  }
  return page;
}

}  // namespace cordon::service

#include "service/tasks.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/permissions.h"
#include "core/report.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/nodes.h"
#include "store/persons.h"

namespace cordon::service {

namespace {

constexpr int64_t kDefaultDueSeconds = 24 * 3600;

std::string default_title(TaskKind kind) {
  std::string t(task_kind_name(kind));
  for (char& c : t)
    if (c == '_') c = ' ';
  return t;
}

// Whether the task waits for this actor: assigned to them, or unassigned in their unit for
// their role or any role.
bool is_for(const Task& t, const Actor& actor) {
  if (t.assignee_user_id) return *t.assignee_user_id == actor.user_id;
  return actor.jurisdiction_id && t.unit_id == *actor.jurisdiction_id &&
         (!t.assignee_role || *t.assignee_role == actor.role);
}

// Ok when the task waits for the actor; conflict "task_taken" when another worker has it,
// forbidden "not_your_task" when it is for another unit or role.
Status check_for(const Task& t, const Actor& actor) {
  if (is_for(t, actor)) return Status();
  if (t.assignee_user_id && t.status == TaskStatus::kAccepted)
    return Status::conflict("task_taken", "another worker has taken this task");
  return Status::forbidden("not_your_task", "this task is for another worker or unit");
}

Status illegal(TaskStatus from, TaskStatus to) {
  return Status::conflict("illegal_transition", "a task that is " +
                                                    std::string(task_status_name(from)) +
                                                    " cannot become " +
                                                    std::string(task_status_name(to)));
}

// Resolves the unit and assignee of a task against the actor's jurisdiction; fills
// unit_id and unit_path of `task`.
Status place_task(store::SqlConnection& conn, const Actor& actor, Task& task,
                  std::optional<int64_t> unit_id, std::optional<int64_t> assignee_user_id,
                  const std::optional<std::string>& assignee_role) {
  Validation v;
  if (assignee_role && !parse_role(*assignee_role))
    v.add("assignee_role", "unknown_role", "no such role: " + *assignee_role);
  if (assignee_user_id) {
    CORDON_ASSIGN_OR_RETURN(auto user, store::find_user(conn, *assignee_user_id));
    std::optional<Node> home;
    if (user && user->jurisdiction_id) {
      CORDON_ASSIGN_OR_RETURN(home, store::find_node(conn, *user->jurisdiction_id));
    }
    bool visible = user && !user->disabled &&
                   (home ? actor.can_see_path(home->path) : !actor.jurisdiction_path);
    if (!visible) {
      v.add("assignee_user_id", "not_found", "no such account in your jurisdiction");
    } else if (!unit_id) {
      if (home) unit_id = home->id;
      else v.add("unit_id", "required", "the assignee has no jurisdiction: name the unit");
    }
  }
  if (!unit_id && !assignee_user_id) v.add("unit_id", "required", "name the unit or the assignee");
  if (unit_id) {
    auto node = visible_node(conn, actor, *unit_id, "unit_id");
    if (!node.ok()) {
      if (node.status().kind() != Status::Kind::kInvalid) return node.status();
      v.add(node.status());
    } else if (!is_jurisdiction(node->kind)) {
      v.add("unit_id", "not_a_unit", "a task belongs to a jurisdiction (grid, community, ...)");
    } else {
      task.unit_id = node->id;
      task.unit_path = node->path;
    }
  }
  CORDON_RETURN_IF_ERROR(v.status());
  task.assignee_user_id = assignee_user_id;
  task.assignee_role = assignee_role;
  return Status();
}

}  // namespace

Result<Task> TaskService::insert_in(store::SqlConnection& conn, const Actor& actor,
                                    const TaskSpec& spec) {
  Instant now = ctx_.clock.now();
  Task task;
  task.kind = spec.kind;
  task.source = spec.source;
  task.source_id = spec.source_id;
  task.title = spec.title.empty() ? default_title(spec.kind) : spec.title;
  task.detail = spec.detail;
  task.due_at = spec.due_at;
  task.created_by_user_id = actor.user_id;
  task.created_at = task.updated_at = now;
  if (spec.subject_person_id) {
    CORDON_ASSIGN_OR_RETURN(auto person, store::find_person(conn, *spec.subject_person_id));
    std::optional<Node> grid;
    if (person) {
      CORDON_ASSIGN_OR_RETURN(grid, store::find_node(conn, person->grid_id));
    }
    if (!grid || !actor.can_see_path(grid->path))
      return Status::invalid_field("subject_person_id", "not_found", "no such person");
    task.subject_person_id = spec.subject_person_id;
  }
  CORDON_RETURN_IF_ERROR(
      place_task(conn, actor, task, spec.unit_id, spec.assignee_user_id, spec.assignee_role));
  CORDON_ASSIGN_OR_RETURN(task, store::insert_task(conn, std::move(task)));
  CORDON_RETURN_IF_ERROR(store::append_timeline(
      conn, timeline_entry(ctx_, actor, "task", task.id, "created",
                           std::string(task_source_name(task.source)))));
  CORDON_RETURN_IF_ERROR(
      store::append_audit(conn, audit_entry(ctx_, actor, "task.create", "task", task.id,
                                            std::string(task_kind_name(task.kind)))));
  CORDON_RETURN_IF_ERROR(events_.publish_in(conn, event_for(task, "task.created")));
  return task;
}

Event TaskService::event_for(const Task& task, std::string_view type) {
  Event e;
  e.type = std::string(type);
  e.resource_id = task.id;
  e.user_id = task.assignee_user_id;
  if (!task.assignee_user_id) {
    e.unit_id = task.unit_id;
    e.role = task.assignee_role;
  }
  e.data = boost::json::serialize(boost::json::object{
      {"task_id", task.id},
      {"kind", task_kind_name(task.kind)},
      {"title", task.title},
      {"due_at", task.due_at.to_string()},
  });
  return e;
}

void TaskService::announce(const Task& task, std::string_view type) {
  events_.publish(event_for(task, type));
}

Result<Task> TaskService::create_for(const Actor& actor, const TaskSpec& spec) {
  Task out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, insert_in(conn, actor, spec));
    return Status();
  }));
  announce(out);
  return out;
}

Result<Task> TaskService::create(const Actor& actor, const TaskInput& in,
                                 const std::optional<std::string>& idempotency_key) {
  Validation v;
  TaskSpec spec;
  if (!in.kind) {
    v.add("kind", "required", "kind is required");
  } else if (auto kind = parse_task_kind(*in.kind)) {
    spec.kind = *kind;
  } else {
    v.add("kind", "unknown_kind", "kind must be one of " + task_kind_list());
  }
  spec.title = checked_text(v, "title", in.title, 200, false);
  spec.detail = checked_text(v, "detail", in.detail, kMaxNote, false);
  spec.due_at = ctx_.clock.now().plus_seconds(kDefaultDueSeconds);
  if (in.due_at) {
    auto due = Instant::parse(*in.due_at, "due_at");
    if (due.ok()) spec.due_at = *due;
    else v.add(due.status());
  }
  spec.unit_id = in.unit_id;
  spec.assignee_user_id = in.assignee_user_id;
  spec.assignee_role = in.assignee_role;
  spec.subject_person_id = in.subject_person_id;
  CORDON_RETURN_IF_ERROR(v.status());

  Task out;
  bool created = false;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "task"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(out, load_visible_task(conn, actor, *seen));
        return Status();
      }
    }
    CORDON_ASSIGN_OR_RETURN(out, insert_in(conn, actor, spec));
    created = true;
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "task", out.id, ctx_.clock.now()));
    return Status();
  }));
  if (created) announce(out);
  return out;
}

Result<Task> TaskService::get(const Actor& actor, int64_t id) {
  Task out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_task(conn, actor, id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "task.read", "task", id));
  return out;
}

Result<TaskPage> TaskService::list(const Actor& actor, const TaskListQuery& query) {
  CORDON_ASSIGN_OR_RETURN(IdPage page, parse_id_page(query.cursor, query.limit));
  store::TaskFilter filter;
  filter.after_id = page.after_id;
  filter.limit = page.limit;
  filter.unit_path = actor.jurisdiction_path;
  filter.source_id = query.source_id;
  filter.subject_person_id = query.person_id;
  Validation v;
  if (query.status) {
    filter.status = parse_task_status(*query.status);
    if (!filter.status) v.add("status", "unknown_status", "no such task status");
  }
  if (query.source) {
    filter.source = parse_task_source(*query.source);
    if (!filter.source) v.add("source", "unknown_source", "no such task source");
  }
  CORDON_RETURN_IF_ERROR(v.status());
  TaskPage out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    if (query.unit_id) {
      CORDON_ASSIGN_OR_RETURN(Node unit, visible_node(conn, actor, *query.unit_id, "unit_id"));
      filter.unit_id = unit.id;
    }
    CORDON_ASSIGN_OR_RETURN(out.items, store::list_tasks(conn, filter));
    return Status();
  }));
  out.next_cursor = next_id_cursor(out.items, page.limit);
  record_read(ctx_, audit_entry(ctx_, actor, "task.list", "task", 0,
                                std::to_string(out.items.size()) + " results"));
  return out;
}

Result<std::vector<Task>> TaskService::inbox(const Actor& actor) {
  std::vector<Task> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, store::inbox_tasks(conn, actor.user_id, actor.jurisdiction_id,
                                                    actor.role, kMaxPageSize));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "task.inbox", "task", 0,
                                std::to_string(out.size()) + " tasks"));
  return out;
}

Result<Task> TaskService::transition(const Actor& actor, int64_t id,
                                     const std::function<Status(Task&)>& change,
                                     const std::string& action, const std::string& note) {
  Task out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Task task, load_visible_task(conn, actor, id));
    CORDON_RETURN_IF_ERROR(change(task));
    task.updated_at = ctx_.clock.now();
    task.version += 1;
    CORDON_RETURN_IF_ERROR(store::update_task(conn, task));
    CORDON_RETURN_IF_ERROR(
        store::append_timeline(conn, timeline_entry(ctx_, actor, "task", id, action, note)));
    CORDON_RETURN_IF_ERROR(
        store::append_audit(conn, audit_entry(ctx_, actor, "task." + action, "task", id)));
    out = std::move(task);
    return Status();
  }));
  return out;
}

Result<Task> TaskService::assign(const Actor& actor, int64_t id, const TaskAssignment& a) {
  Task out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Task task, load_visible_task(conn, actor, id));
    // Reassigning is a dispatcher's act inside their own jurisdiction, not a joined agency's.
    if (!actor.can_see_path(task.unit_path)) return task_not_found();
    if (task.status != TaskStatus::kOpen && task.status != TaskStatus::kAccepted)
      return illegal(task.status, TaskStatus::kOpen);
    // Without a unit, a new assignee brings their own; a role alone stays in the unit.
    std::optional<int64_t> unit = a.unit_id;
    if (!unit && !a.assignee_user_id) unit = task.unit_id;
    CORDON_RETURN_IF_ERROR(
        place_task(conn, actor, task, unit, a.assignee_user_id, a.assignee_role));
    task.status = TaskStatus::kOpen;
    task.updated_at = ctx_.clock.now();
    task.version += 1;
    CORDON_RETURN_IF_ERROR(store::update_task(conn, task));
    CORDON_RETURN_IF_ERROR(
        store::append_timeline(conn, timeline_entry(ctx_, actor, "task", id, "assigned")));
    CORDON_RETURN_IF_ERROR(
        store::append_audit(conn, audit_entry(ctx_, actor, "task.assign", "task", id)));
    CORDON_RETURN_IF_ERROR(events_.publish_in(conn, event_for(task, "task.assigned")));
    out = std::move(task);
    return Status();
  }));
  announce(out, "task.assigned");
  return out;
}

Result<Task> TaskService::accept(const Actor& actor, int64_t id) {
  return transition(
      actor, id,
      [&](Task& task) -> Status {
        CORDON_RETURN_IF_ERROR(check_for(task, actor));
        if (task.status != TaskStatus::kOpen) return illegal(task.status, TaskStatus::kAccepted);
        task.status = TaskStatus::kAccepted;
        task.assignee_user_id = actor.user_id;
        return Status();
      },
      "accept", "");
}

Result<Task> TaskService::record_outcome(const Actor& actor, int64_t id,
                                         const TaskOutcome& outcome) {
  Validation v;
  std::optional<TaskResult> result;
  if (!outcome.result) {
    v.add("result", "required", "result is required");
  } else if (!(result = parse_task_result(*outcome.result))) {
    v.add("result", "unknown_result", "result must be one of " + task_result_list());
  }
  std::string note = checked_text(v, "note", outcome.note, kMaxNote, false);
  CORDON_RETURN_IF_ERROR(v.status());
  return transition(
      actor, id,
      [&](Task& task) -> Status {
        CORDON_RETURN_IF_ERROR(check_for(task, actor));
        if (!task_may_move(task.status, TaskStatus::kDone))
          return illegal(task.status, TaskStatus::kDone);
        task.status = TaskStatus::kDone;
        task.assignee_user_id = actor.user_id;
        task.result = result;
        task.outcome = note;
        return Status();
      },
      "outcome", std::string(task_result_name(*result)) + (note.empty() ? "" : ": " + note));
}

Result<std::vector<TimelineEntry>> TaskService::timeline(const Actor& actor, int64_t id) {
  std::vector<TimelineEntry> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_visible_task(conn, actor, id).status());
    CORDON_ASSIGN_OR_RETURN(out, store::list_timeline(conn, "task", id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "task.timeline", "task", id));
  return out;
}

}  // namespace cordon::service

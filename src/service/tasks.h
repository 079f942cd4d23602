// Use cases of tasks: create (by hand, or from a report, an order, an alert, a screening
// visit), assign, the worker's inbox, accept, record the outcome, read the timeline.
//
// A new or reassigned task is announced on the EventBus after it commits, so a worker's
// open UI learns of it at once.
//
// Thread-safe: holds only references to the Context and the bus.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/task.h"
#include "service/context.h"
#include "service/events.h"
#include "store/reports.h"
#include "store/tasks.h"

namespace cordon::service {

using Task = store::Task;
using TimelineEntry = store::TimelineEntry;

// What other features hand over to make a task: a fever alert makes
// {kReferral, kAlert, alert id, person, the grid or health centre, due in an hour}.
struct TaskSpec {
  TaskKind kind = TaskKind::kVisit;
  TaskSource source = TaskSource::kManual;
  int64_t source_id = 0;
  std::optional<int64_t> subject_person_id;
  // The unit: a jurisdiction node. May be left out when assignee_user_id is set (then the
  // assignee's jurisdiction).
  std::optional<int64_t> unit_id;
  std::optional<int64_t> assignee_user_id;
  std::optional<std::string> assignee_role;  // a role name: anyone of that role in the unit
  Instant due_at;
  std::string title;  // "" : a title is made from the kind
  std::string detail;
};

// A task as a client sends it.
struct TaskInput {
  std::optional<std::string> kind;
  std::optional<std::string> title;
  std::optional<std::string> detail;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> assignee_user_id;
  std::optional<std::string> assignee_role;
  std::optional<std::string> due_at;  // RFC 3339; default: 24 hours from now
  std::optional<int64_t> subject_person_id;
};

struct TaskAssignment {
  std::optional<int64_t> unit_id;
  std::optional<int64_t> assignee_user_id;
  std::optional<std::string> assignee_role;
};

struct TaskOutcome {
  std::optional<std::string> result;  // core/task.h TaskResult name
  std::optional<std::string> note;
};

struct TaskListQuery {
  std::optional<std::string> status;
  std::optional<int64_t> unit_id;
  std::optional<std::string> source;
  std::optional<int64_t> source_id;
  std::optional<int64_t> person_id;  // tasks about this person (subject_person_id)
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

struct TaskPage {
  std::vector<Task> items;
  std::optional<std::string> next_cursor;
};

inline constexpr std::size_t kMaxNote = 2000;  // code points of a note or an outcome

class TaskService {
 public:
  TaskService(Context& ctx, EventBus& events) : ctx_(ctx), events_(events) {}

  // For other features: validates `spec` against the actor's jurisdiction, stores the
  // task with its first timeline entry and audit entry, and announces it. Invalid:
  // unit_id or assignee_user_id unknown or outside the jurisdiction ("not_found"), no
  // unit at all ("required"), an unknown role.
  Result<Task> create_for(const Actor& actor, const TaskSpec& spec);
  // The same inside the caller's write unit (which also announces it there, see
  // EventBus::publish_in); the caller calls announce() after commit.
  Result<Task> insert_in(store::SqlConnection& conn, const Actor& actor, const TaskSpec& spec);
  void announce(const Task& task, std::string_view type = "task.created");

  // A task by hand (tasks.dispatch). Idempotent with a key.
  Result<Task> create(const Actor& actor, const TaskInput& input,
                      const std::optional<std::string>& idempotency_key = std::nullopt);
  Result<Task> get(const Actor& actor, int64_t id);
  Result<TaskPage> list(const Actor& actor, const TaskListQuery& query);
  // Open and accepted tasks for the actor and for the actor's unit (and role), earliest
  // due first (at most kMaxPageSize).
  Result<std::vector<Task>> inbox(const Actor& actor);
  // Reassigns an open or accepted task (it becomes open again); conflict
  // "illegal_transition" for a closed one.
  Result<Task> assign(const Actor& actor, int64_t id, const TaskAssignment& assignment);
  // The actor takes the task: it must be theirs, or their unit's for their role (else
  // forbidden "not_your_task"; conflict "task_taken" when another worker accepted it);
  // conflict "illegal_transition" unless open.
  Result<Task> accept(const Actor& actor, int64_t id);
  // Closes the task with a structured result and free text; the same eligibility as
  // accept (or the accepting worker).
  Result<Task> record_outcome(const Actor& actor, int64_t id, const TaskOutcome& outcome);
  Result<std::vector<TimelineEntry>> timeline(const Actor& actor, int64_t id);

 private:
  Result<Task> transition(const Actor& actor, int64_t id,
                          const std::function<Status(Task&)>& change, const std::string& action,
                          const std::string& note);
  static Event event_for(const Task& task, std::string_view type);

  Context& ctx_;
  EventBus& events_;
};

}  // namespace cordon::service

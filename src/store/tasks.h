// Repository of tasks and assist requests (联动). SQL lives here; callers pass the
// connection the Store hands them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "core/task.h"
#include "store/sql.h"

namespace cordon::store {

// A piece of field work. It always belongs to a unit (a node: grid, police station,
// community); within it, to a role, to one account, or to whoever of the unit accepts it.
struct Task {
  int64_t id = 0;
  TaskKind kind = TaskKind::kVisit;
  TaskStatus status = TaskStatus::kOpen;
  std::string title;
  std::string detail;
  TaskSource source = TaskSource::kManual;
  int64_t source_id = 0;
  std::optional<int64_t> subject_person_id;
  int64_t unit_id = 0;
  std::string unit_path;
  std::optional<int64_t> assignee_user_id;
  std::optional<std::string> assignee_role;
  Instant due_at;
  int64_t created_by_user_id = 0;
  Instant created_at;
  Instant updated_at;
  std::optional<TaskResult> result;
  std::string outcome;
  int64_t version = 1;
};

Result<Task> insert_task(SqlConnection& conn, Task task);
Result<std::optional<Task>> find_task(SqlConnection& conn, int64_t id);
// Writes every mutable field if the stored version is `task.version - 1`; conflict
// "version_mismatch" otherwise.
Status update_task(SqlConnection& conn, const Task& task);

struct TaskFilter {
  std::optional<std::string> unit_path;  // prefix
  std::optional<int64_t> unit_id;
  std::optional<TaskStatus> status;
  std::optional<TaskSource> source;
  std::optional<int64_t> source_id;
  std::optional<int64_t> subject_person_id;  // the person the task is about
  int64_t after_id = 0;
  int limit = 50;
};
// Ordered by id.
Result<std::vector<Task>> list_tasks(SqlConnection& conn, const TaskFilter& filter);

// Open and accepted tasks of one worker: assigned to `user_id`, or unassigned in `unit_id`
// for `role` or for any role; earliest due first, at most `limit`.
Result<std::vector<Task>> inbox_tasks(SqlConnection& conn, int64_t user_id,
                                      std::optional<int64_t> unit_id, const std::string& role,
                                      int limit);

// One agency asking another for support on a task or a report.
struct AssistRequest {
  int64_t id = 0;
  std::string subject_type;  // "task" or "report"
  int64_t subject_id = 0;
  int64_t from_user_id = 0;
  std::optional<int64_t> from_unit_id;
  std::string from_path;  // the requesting side's jurisdiction ("/" for the whole tree)
  int64_t to_unit_id = 0;
  std::string to_path;
  std::optional<std::string> to_role;
  AssistStatus status = AssistStatus::kRequested;
  std::string message;
  std::optional<int64_t> accepted_by_user_id;
  Instant created_at;
  Instant updated_at;
};

Result<AssistRequest> insert_assist_request(SqlConnection& conn, AssistRequest request);
Result<std::optional<AssistRequest>> find_assist_request(SqlConnection& conn, int64_t id);
Status update_assist_request(SqlConnection& conn, const AssistRequest& request);
// Requests on one subject, oldest first.
Result<std::vector<AssistRequest>> assist_requests_on(SqlConnection& conn,
                                                      const std::string& subject_type,
                                                      int64_t subject_id);
// Requests to or from a jurisdiction (path prefix), newest first after `before_id` (0:
// from the newest).
Result<std::vector<AssistRequest>> list_assist_requests(SqlConnection& conn,
                                                        const std::string& path, int64_t before_id,
                                                        int limit);

}  // namespace cordon::store

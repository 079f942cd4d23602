#include "store/tasks.h"

#include "store/reports.h"

namespace cordon::store {

namespace {

constexpr const char* kTaskColumns =
    "id, kind, status, title, detail, source, source_id, subject_person_id, unit_id, "
    "unit_path, assignee_user_id, assignee_role, due_at, created_by_user_id, created_at, "
    "updated_at, result, outcome, version";

Task read_task(const SqlRow& r) {
  Task t;
  t.id = r.int64(0);
  t.kind = parse_task_kind(r.text(1)).value_or(TaskKind::kVisit);
  t.status = parse_task_status(r.text(2)).value_or(TaskStatus::kOpen);
  t.title = r.text(3);
  t.detail = r.text(4);
  t.source = parse_task_source(r.text(5)).value_or(TaskSource::kManual);
  t.source_id = r.int64(6);
  t.subject_person_id = r.optional_int64(7);
  t.unit_id = r.int64(8);
  t.unit_path = r.text(9);
  t.assignee_user_id = r.optional_int64(10);
  t.assignee_role = r.optional_text(11);
  t.due_at = Instant::from_micros(r.int64(12));
  t.created_by_user_id = r.int64(13);
  t.created_at = Instant::from_micros(r.int64(14));
  t.updated_at = Instant::from_micros(r.int64(15));
  if (auto res = r.optional_text(16)) t.result = parse_task_result(*res);
  t.outcome = r.text(17);
  t.version = r.int64(18);
  return t;
}

Result<std::vector<Task>> select_tasks(SqlConnection& conn, const std::string& where,
                                       const std::vector<SqlValue>& params) {
  std::vector<Task> out;
  CORDON_RETURN_IF_ERROR(conn.query(std::string("SELECT ") + kTaskColumns +
                                        " FROM tasks WHERE " + where,
                                    params, [&](const SqlRow& r) { out.push_back(read_task(r)); }));
  return out;
}

constexpr const char* kAssistColumns =
    "id, subject_type, subject_id, from_user_id, from_unit_id, from_path, to_unit_id, to_path, "
    "to_role, status, message, accepted_by_user_id, created_at, updated_at";

AssistRequest read_assist(const SqlRow& r) {
  AssistRequest a;
  a.id = r.int64(0);
  a.subject_type = r.text(1);
  a.subject_id = r.int64(2);
  a.from_user_id = r.int64(3);
  a.from_unit_id = r.optional_int64(4);
  a.from_path = r.text(5);
  a.to_unit_id = r.int64(6);
  a.to_path = r.text(7);
  a.to_role = r.optional_text(8);
  a.status = parse_assist_status(r.text(9)).value_or(AssistStatus::kRequested);
  a.message = r.text(10);
  a.accepted_by_user_id = r.optional_int64(11);
  a.created_at = Instant::from_micros(r.int64(12));
  a.updated_at = Instant::from_micros(r.int64(13));
  return a;
}

Result<std::vector<AssistRequest>> select_assists(SqlConnection& conn, const std::string& where,
                                                  const std::vector<SqlValue>& params) {
  std::vector<AssistRequest> out;
  CORDON_RETURN_IF_ERROR(conn.query(
      std::string("SELECT ") + kAssistColumns + " FROM assist_requests WHERE " + where, params,
      [&](const SqlRow& r) { out.push_back(read_assist(r)); }));
  return out;
}

template <typename T>
Result<std::optional<T>> first_of(Result<std::vector<T>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows->front()));
}

SqlValue sql_result(const std::optional<TaskResult>& r) {
  return r ? SqlValue(std::string(task_result_name(*r))) : SqlValue();
}

Status changed_one(const Result<int64_t>& changed, const char* what) {
  if (!changed.ok()) return changed.status();
  if (*changed != 1)
    return Status::conflict("version_mismatch",
                            std::string("the ") + what + " changed meanwhile; reload it");
  return Status();
}

}  // namespace

Result<Task> insert_task(SqlConnection& conn, Task t) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO tasks (kind, status, title, detail, source, source_id, subject_person_id, "
      "unit_id, unit_path, assignee_user_id, assignee_role, due_at, created_by_user_id, "
      "created_at, updated_at, result, outcome, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {std::string(task_kind_name(t.kind)), std::string(task_status_name(t.status)), t.title,
       t.detail, std::string(task_source_name(t.source)), t.source_id, sql_int(t.subject_person_id),
       t.unit_id, t.unit_path, sql_int(t.assignee_user_id), sql_text(t.assignee_role),
       t.due_at.micros(), t.created_by_user_id, t.created_at.micros(), t.updated_at.micros(),
       sql_result(t.result), t.outcome, t.version},
      [&](const SqlRow& r) { id = r.int64(0); }));
  t.id = *id;
  return t;
}

Result<std::optional<Task>> find_task(SqlConnection& conn, int64_t id) {
  return first_of(select_tasks(conn, "id = ?", {id}));
}

Status update_task(SqlConnection& conn, const Task& t) {
  return changed_one(
      conn.execute("UPDATE tasks SET status = ?, unit_id = ?, unit_path = ?, "
                   "assignee_user_id = ?, assignee_role = ?, due_at = ?, updated_at = ?, "
                   "result = ?, outcome = ?, version = ? WHERE id = ? AND version = ?",
                   {std::string(task_status_name(t.status)), t.unit_id, t.unit_path,
                    sql_int(t.assignee_user_id), sql_text(t.assignee_role), t.due_at.micros(),
                    t.updated_at.micros(), sql_result(t.result), t.outcome, t.version, t.id,
                    t.version - 1}),
      "task");
}

Result<std::vector<Task>> list_tasks(SqlConnection& conn, const TaskFilter& f) {
  std::string where = "id > ?";
  std::vector<SqlValue> params{f.after_id};
  if (f.unit_path) where += " AND " + prefix_condition("unit_path", *f.unit_path, params);
  if (f.unit_id) {
    where += " AND unit_id = ?";
    params.push_back(*f.unit_id);
  }
  if (f.status) {
    where += " AND status = ?";
    params.push_back(std::string(task_status_name(*f.status)));
  }
  if (f.source) {
    where += " AND source = ?";
    params.push_back(std::string(task_source_name(*f.source)));
  }
  if (f.source_id) {
    where += " AND source_id = ?";
    params.push_back(*f.source_id);
  }
  if (f.subject_person_id) {
    where += " AND subject_person_id = ?";
    params.push_back(*f.subject_person_id);
  }
  where += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{f.limit});
  return select_tasks(conn, where, params);
}

Result<std::vector<Task>> inbox_tasks(SqlConnection& conn, int64_t user_id,
                                      std::optional<int64_t> unit_id, const std::string& role,
                                      int limit) {
  std::string where =
      "status IN ('open', 'accepted') AND (assignee_user_id = ?"
      " OR (assignee_user_id IS NULL AND unit_id = ? AND"
      " (assignee_role IS NULL OR assignee_role = ?))) ORDER BY due_at, id LIMIT ?";
  return select_tasks(conn, where, {user_id, sql_int(unit_id), role, int64_t{limit}});
}

Result<AssistRequest> insert_assist_request(SqlConnection& conn, AssistRequest a) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO assist_requests (subject_type, subject_id, from_user_id, from_unit_id, "
      "from_path, to_unit_id, to_path, to_role, status, message, accepted_by_user_id, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.subject_type, a.subject_id, a.from_user_id, sql_int(a.from_unit_id), a.from_path,
       a.to_unit_id, a.to_path, sql_text(a.to_role), std::string(assist_status_name(a.status)),
       a.message, sql_int(a.accepted_by_user_id), a.created_at.micros(), a.updated_at.micros()},
      [&](const SqlRow& r) { id = r.int64(0); }));
  a.id = *id;
  return a;
}

Result<std::optional<AssistRequest>> find_assist_request(SqlConnection& conn, int64_t id) {
  return first_of(select_assists(conn, "id = ?", {id}));
}

Status update_assist_request(SqlConnection& conn, const AssistRequest& a) {
  return changed_one(conn.execute("UPDATE assist_requests SET status = ?, "
                                  "accepted_by_user_id = ?, updated_at = ? WHERE id = ?",
                                  {std::string(assist_status_name(a.status)),
                                   sql_int(a.accepted_by_user_id), a.updated_at.micros(), a.id}),
                     "assist request");
}

Result<std::vector<AssistRequest>> assist_requests_on(SqlConnection& conn,
                                                      const std::string& subject_type,
                                                      int64_t subject_id) {
  return select_assists(conn, "subject_type = ? AND subject_id = ? ORDER BY id",
                        {subject_type, subject_id});
}

Result<std::vector<AssistRequest>> list_assist_requests(SqlConnection& conn,
                                                        const std::string& path, int64_t before_id,
                                                        int limit) {
  std::string where = before_id > 0 ? "id < ?" : "id > ?";
  std::vector<SqlValue> params{before_id};
  std::string to_cond = prefix_condition("to_path", path, params);
  std::string from_cond = prefix_condition("from_path", path, params);
  where += " AND ((" + to_cond + ") OR (" + from_cond + "))";
  where += " ORDER BY id DESC LIMIT ?";
  params.push_back(int64_t{limit});
  return select_assists(conn, where, params);
}

}  // namespace cordon::store

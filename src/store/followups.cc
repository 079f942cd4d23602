#include "store/followups.h"

#include <algorithm>

#include "store/rows.h"

namespace cordon::store {

namespace {

constexpr const char* kCheckColumns =
    "id, order_id, person_id, temperature, symptoms, symptom_note, method, taken_at, taken_on, "
    "slot, recorded_by, recorded_by_name, created_at";

HealthCheck read_check(const SqlRow& r) {
  HealthCheck c;
  c.id = r.int64(0);
  c.order_id = r.int64(1);
  c.person_id = r.int64(2);
  c.temperature = r.real(3);
  c.symptoms = split_list(r.text(4));
  c.symptom_note = r.text(5);
  c.method = parse_check_method(r.text(6)).value_or(CheckMethod::kVisit);
  c.taken_at = Instant::parse(r.text(7)).value();
  c.taken_on = LocalDate::parse(r.text(8)).value();
  c.slot = static_cast<int>(r.int64(9));
  c.recorded_by = r.int64(10);
  c.recorded_by_name = r.text(11);
  c.created_at = Instant::parse(r.text(12)).value();
  return c;
}

constexpr const char* kAlertColumns =
    "id, kind, order_id, person_id, grid_id, site_id, health_check_id, due_on, slot, detail, "
    "status, raised_at, acknowledged_at, acknowledged_by, task_id";

Alert read_alert(const SqlRow& r) {
  Alert a;
  a.id = r.int64(0);
  a.kind = r.text(1);
  a.order_id = r.int64(2);
  a.person_id = r.int64(3);
  a.grid_id = r.int64(4);
  a.site_id = r.optional_int64(5);
  a.health_check_id = r.optional_int64(6);
  if (auto d = r.optional_text(7)) a.due_on = LocalDate::parse(*d).value();
  if (auto s = r.optional_int64(8)) a.slot = static_cast<int>(*s);
  a.detail = r.text(9);
  a.status = r.text(10);
  a.raised_at = Instant::parse(r.text(11)).value();
  if (auto t = r.optional_text(12)) a.acknowledged_at = Instant::parse(*t).value();
  a.acknowledged_by = r.optional_int64(13);
  a.task_id = r.optional_int64(14);
  return a;
}

// Appends "AND <column> IN (grids below path)" for a node path scope.
void add_path_scope(const std::optional<std::string>& path, const char* column, std::string& sql,
                    std::vector<SqlValue>& params) {
  if (!path) return;
  sql += std::string(" AND ") + column + " IN (SELECT id FROM nodes WHERE path >= ? AND path < ?)";
  params.push_back(*path);
  params.push_back(prefix_upper_bound(*path));
}

}  // namespace

Result<HealthCheck> insert_health_check(SqlConnection& conn, HealthCheck c) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO health_checks (order_id, person_id, temperature, symptoms, symptom_note, "
      "method, taken_at, taken_on, slot, recorded_by, recorded_by_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {c.order_id, c.person_id, c.temperature, join_list(c.symptoms), c.symptom_note,
       std::string(check_method_name(c.method)), c.taken_at.to_string(), c.taken_on.to_string(),
       int64_t{c.slot}, c.recorded_by, c.recorded_by_name, c.created_at.to_string()},
      [&](const SqlRow& r) { id = r.int64(0); }));
  c.id = *id;
  return c;
}

Result<std::vector<HealthCheck>> list_health_checks(SqlConnection& conn, int64_t order_id,
                                                    int64_t before_id, int limit) {
  std::string sql = std::string("SELECT ") + kCheckColumns +
                    " FROM health_checks WHERE order_id = ?";
  std::vector<SqlValue> params{order_id};
  if (before_id > 0) {
    sql += " AND id < ?";
    params.push_back(before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(int64_t{limit});
  return select_all<HealthCheck>(conn, sql, params, read_check);
}

SqlStatement follow_up_orders_statement(const FollowUpScope& scope, LocalDate day,
                                        int64_t after_id, int limit) {
  std::string sql =
      "SELECT o.id, o.person_id, p.name, o.grid_id, s.site_id, r.number, o.kind, o.start_date, "
      "o.end_date, o.policy_code, o.policy_version, o.created_at FROM quarantine_orders o "
      "JOIN persons p ON p.id = o.person_id "
      "LEFT JOIN site_stays s ON s.open_order = o.id LEFT JOIN rooms r ON r.id = s.room_id "
      "WHERE o.status = 'active' AND o.end_date >= ? AND o.start_date <= ? AND o.id > ?";
  std::vector<SqlValue> params{day.to_string(), day.to_string(), after_id};
  if (scope.grid_id) {
    sql += " AND o.grid_id = ?";
    params.push_back(*scope.grid_id);
  }
  if (scope.site_id) {
    sql += " AND s.site_id = ?";
    params.push_back(*scope.site_id);
  }
  add_path_scope(scope.node_path, "o.grid_id", sql, params);
  sql += " ORDER BY o.id LIMIT ?";
  params.push_back(int64_t{limit});
  return {std::move(sql), std::move(params)};
}

Result<std::vector<FollowUpOrder>> list_follow_up_orders(SqlConnection& conn,
                                                         const FollowUpScope& scope,
                                                         LocalDate day, int64_t after_id,
                                                         int limit) {
  SqlStatement st = follow_up_orders_statement(scope, day, after_id, limit);
  return select_all<FollowUpOrder>(conn, st.sql, st.params, [](const SqlRow& r) {
    FollowUpOrder o;
    o.order_id = r.int64(0);
    o.person_id = r.int64(1);
    o.person_name = r.text(2);
    o.grid_id = r.int64(3);
    o.site_id = r.optional_int64(4);
    o.room_number = r.optional_text(5);
    o.kind = r.text(6);
    o.start_date = LocalDate::parse(r.text(7)).value();
    o.end_date = LocalDate::parse(r.text(8)).value();
    o.policy_code = r.text(9);
    o.policy_version = static_cast<int>(r.int64(10));
    o.created_at = Instant::parse(r.text(11)).value();
    return o;
  });
}

SqlStatement slot_checks_statement(std::span<const int64_t> order_ids, LocalDate from,
                                   LocalDate to) {
  std::string sql =
      "SELECT order_id, taken_on, slot, id, temperature FROM health_checks "
      "WHERE taken_on >= ? AND taken_on <= ? AND order_id IN (?";
  std::vector<SqlValue> params{from.to_string(), to.to_string(), order_ids[0]};
  for (size_t i = 1; i < kSlotCheckChunk; ++i) {
    sql += ", ?";
    // Short chunks repeat their last id so every chunk has the same text.
    params.push_back(order_ids[std::min(i, order_ids.size() - 1)]);
  }
  sql += ")";
  return {std::move(sql), std::move(params)};
}

Result<std::vector<SlotCheck>> list_slot_checks(SqlConnection& conn,
                                                const std::vector<int64_t>& order_ids,
                                                LocalDate from, LocalDate to) {
  std::vector<SlotCheck> out;
  for (size_t at = 0; at < order_ids.size(); at += kSlotCheckChunk) {
    size_t n = std::min(kSlotCheckChunk, order_ids.size() - at);
    SqlStatement st =
        slot_checks_statement(std::span<const int64_t>(order_ids).subspan(at, n), from, to);
    CORDON_RETURN_IF_ERROR(conn.query(st.sql, st.params, [&](const SqlRow& r) {
      SlotCheck c;
      c.order_id = r.int64(0);
      c.day = LocalDate::parse(r.text(1)).value();
      c.slot = static_cast<int>(r.int64(2));
      c.check_id = r.int64(3);
      c.temperature = r.real(4);
      out.push_back(c);
    }));
  }
  return out;
}

Result<std::optional<Alert>> insert_alert(SqlConnection& conn, Alert a,
                                          const std::optional<std::string>& dedupe_key) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO alerts (kind, order_id, person_id, grid_id, site_id, health_check_id, "
      "due_on, slot, detail, status, raised_at, dedupe_key) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) "
      "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
      {a.kind, a.order_id, a.person_id, a.grid_id, sql_int(a.site_id), sql_int(a.health_check_id),
       a.due_on ? SqlValue(a.due_on->to_string()) : SqlValue(),
       a.slot ? SqlValue(int64_t{*a.slot}) : SqlValue(), a.detail, a.raised_at.to_string(),
       sql_text(dedupe_key)},
      [&](const SqlRow& r) { id = r.int64(0); }));
  if (!id) return std::optional<Alert>();
  a.id = *id;
  a.status = "open";
  return std::optional<Alert>(std::move(a));
}

Result<std::optional<Alert>> find_alert(SqlConnection& conn, int64_t id) {
  return select_one<Alert>(
      conn, std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE id = ?", {id},
      read_alert);
}

Result<std::vector<Alert>> list_alerts(SqlConnection& conn, const AlertFilter& f,
                                       int64_t before_id, int limit) {
  std::string sql = std::string("SELECT ") + kAlertColumns + " FROM alerts WHERE 1 = 1";
  std::vector<SqlValue> params;
  auto eq = [&](const char* column, SqlValue v) {
    sql += std::string(" AND ") + column + " = ?";
    params.push_back(std::move(v));
  };
  if (before_id > 0) {
    sql += " AND id < ?";
    params.push_back(before_id);
  }
  if (f.grid_id) eq("grid_id", *f.grid_id);
  if (f.site_id) eq("site_id", *f.site_id);
  if (f.status) eq("status", *f.status);
  if (f.kind) eq("kind", *f.kind);
  if (f.order_id) eq("order_id", *f.order_id);
  add_path_scope(f.node_path, "grid_id", sql, params);
  sql += " ORDER BY id DESC LIMIT ?";
  params.push_back(int64_t{limit});
  return select_all<Alert>(conn, sql, params, read_alert);
}

Status acknowledge_alert(SqlConnection& conn, int64_t id, Instant at, int64_t by) {
  CORDON_ASSIGN_OR_RETURN(int64_t n,
                          conn.execute("UPDATE alerts SET status = 'acknowledged', "
                                       "acknowledged_at = ?, acknowledged_by = ? "
                                       "WHERE id = ? AND status = 'open'",
                                       {at.to_string(), by, id}));
  if (n == 0)
    return Status::conflict("alert_already_acknowledged", "the alert was already acknowledged");
  return Status();
}

Status link_alert_task(SqlConnection& conn, int64_t id, int64_t task_id) {
  return conn.execute("UPDATE alerts SET task_id = ? WHERE id = ?", {task_id, id}).status();
}

}  // namespace cordon::store

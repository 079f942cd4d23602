#include "store/dashboard.h"

#include "store/reports.h"
#include "store/where.h"

namespace cordon::store {

namespace {

// Appends " AND <column> in scope" with its parameters.
void add_grid_scope(const DashboardScope& scope, const char* column, std::string& sql,
                    std::vector<SqlValue>& params) {
  if (scope.grid_id) {
    sql += std::string(" AND ") + column + " = ?";
    params.push_back(*scope.grid_id);
  }
  if (scope.node_path) {
    sql += std::string(" AND ") + column + " IN (SELECT id FROM nodes WHERE path >= ? AND path < ?)";
    params.push_back(*scope.node_path);
    params.push_back(prefix_upper_bound(*scope.node_path));
  }
}

LocalDate date_or_epoch(const std::string& text) {
  auto d = LocalDate::parse(text);
  return d.ok() ? *d : LocalDate();
}

Result<std::vector<KindCount>> kind_counts(SqlConnection& conn, const std::string& sql,
                                           const std::vector<SqlValue>& params) {
  std::vector<KindCount> out;
  CORDON_RETURN_IF_ERROR(conn.query(
      sql, params, [&](const SqlRow& r) { out.push_back({r.text(0), r.int64(1)}); }));
  return out;
}

}  // namespace

Result<std::vector<OrderSpan>> order_spans(SqlConnection& conn, const DashboardScope& scope,
                                           LocalDate from) {
  std::vector<OrderSpan> out;
  auto run = [&](std::string sql, std::vector<SqlValue> params) -> Status {
    add_grid_scope(scope, "grid_id", sql, params);
    sql += " GROUP BY status, kind, start_date, end_date";
    return conn.query(sql, params, [&](const SqlRow& r) {
      out.push_back({r.text(0), r.text(1), date_or_epoch(r.text(2)),
                     date_or_epoch(r.text(3)), r.int64(4)});
    });
  };
  const char* select =
      "SELECT status, kind, start_date, end_date, COUNT(*) FROM quarantine_orders WHERE ";
  CORDON_RETURN_IF_ERROR(run(std::string(select) + "end_date >= ?", {from.to_string()}));
  CORDON_RETURN_IF_ERROR(
      run(std::string(select) + "status = 'active' AND end_date < ?", {from.to_string()}));
  return out;
}

Result<std::vector<DayMaxTemperature>> fever_candidates(SqlConnection& conn,
                                                        const DashboardScope& scope,
                                                        LocalDate day, double floor) {
  std::string sql =
      "SELECT o.policy_code, o.policy_version, MAX(h.temperature) FROM health_checks h "
      "JOIN quarantine_orders o ON o.id = h.order_id WHERE h.taken_on = ? AND "
      "h.temperature >= ?";
  std::vector<SqlValue> params{day.to_string(), floor};
  add_grid_scope(scope, "o.grid_id", sql, params);
  sql += " GROUP BY h.order_id, o.policy_code, o.policy_version";
  std::vector<DayMaxTemperature> out;
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) {
    out.push_back({r.text(0), static_cast<int>(r.int64(1)), r.real(2)});
  }));
  return out;
}

Result<ReportCounts> count_open_reports(SqlConnection& conn,
                                        const std::optional<std::string>& scope_path,
                                        bool include_unplaced, Instant now) {
  std::string sql =
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END), 0) FROM reports "
      "WHERE due_at IS NOT NULL";
  std::vector<SqlValue> params{now.micros()};
  if (scope_path) {
    std::string cond = prefix_condition("scope_path", *scope_path, params);
    sql += include_unplaced ? " AND ((" + cond + ") OR scope_path IS NULL)" : " AND " + cond;
  }
  ReportCounts out;
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) {
    out.open = r.int64(0);
    out.breached = r.int64(1);
  }));
  return out;
}

Result<std::vector<KindCount>> count_open_alerts(SqlConnection& conn, const DashboardScope& scope) {
  std::string sql = "SELECT kind, COUNT(*) FROM alerts WHERE status = 'open'";
  std::vector<SqlValue> params;
  add_grid_scope(scope, "grid_id", sql, params);
  sql += " GROUP BY kind ORDER BY kind";
  return kind_counts(conn, sql, params);
}

Result<std::vector<SiteLoad>> site_loads(SqlConnection& conn, const DashboardScope& scope) {
  std::string sql = "SELECT id, name, capacity, occupied FROM sites WHERE 1 = 1";
  std::vector<SqlValue> params;
  add_grid_scope(scope, "node_id", sql, params);
  sql += " ORDER BY id";
  std::vector<SiteLoad> out;
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) {
    out.push_back({r.int64(0), r.text(1), r.int64(2), r.int64(3)});
  }));
  return out;
}

Result<std::vector<KindCount>> count_cases_by_classification(SqlConnection& conn,
                                                             const DashboardScope& scope) {
  std::string sql =
      "SELECT classification, COUNT(*) FROM cases WHERE (outcome IS NULL OR outcome <> "
      "'ruled_out')";
  std::vector<SqlValue> params;
  if (scope.grid_id || scope.node_path) {
    sql += " AND person_id IN (SELECT id FROM persons WHERE 1 = 1";
    add_grid_scope(scope, "grid_id", sql, params);
    sql += ")";
  }
  sql += " GROUP BY classification ORDER BY classification";
  return kind_counts(conn, sql, params);
}

}  // namespace cordon::store

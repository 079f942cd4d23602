#include "store/reports.h"

namespace cordon::store {

namespace {

constexpr const char* kColumns =
    "id, reference, category, status, source, filed_by_user_id, address, place_id, "
    "scope_path, description, contact, received_at, updated_at, due_at, version";

std::optional<Instant> optional_instant(const SqlRow& r, int column) {
  if (r.is_null(column)) return std::nullopt;
  return Instant::from_micros(r.int64(column));
}

SqlValue sql_instant(const std::optional<Instant>& t) {
  return t ? SqlValue(t->micros()) : SqlValue();
}

Report read_report(const SqlRow& r) {
  Report out;
  out.id = r.int64(0);
  out.reference = r.text(1);
  out.category = parse_report_category(r.text(2)).value_or(ReportCategory::kNeedsHelp);
  out.status = parse_report_status(r.text(3)).value_or(ReportStatus::kReceived);
  out.source = r.text(4);
  out.filed_by_user_id = r.int64(5);
  out.address = r.text(6);
  out.place_id = r.optional_int64(7);
  out.scope_path = r.optional_text(8);
  out.description = r.text(9);
  out.contact = r.text(10);
  out.received_at = Instant::from_micros(r.int64(11));
  out.updated_at = Instant::from_micros(r.int64(12));
  out.due_at = optional_instant(r, 13);
  out.version = r.int64(14);
  return out;
}

Result<std::vector<Report>> select_reports(SqlConnection& conn, const std::string& where,
                                           const std::vector<SqlValue>& params) {
  std::vector<Report> out;
  CORDON_RETURN_IF_ERROR(conn.query(std::string("SELECT ") + kColumns + " FROM reports WHERE " +
                                        where,
                                    params, [&](const SqlRow& r) { out.push_back(read_report(r)); }));
  return out;
}

Result<std::optional<Report>> first(Result<std::vector<Report>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Report>();
  return std::optional<Report>(std::move(rows->front()));
}

}  // namespace

std::string prefix_condition(const std::string& column, const std::string& prefix,
                             std::vector<SqlValue>& params) {
  params.push_back(prefix);
  params.push_back(prefix_upper_bound(prefix));
  return column + " >= ? AND " + column + " < ?";
}

Result<Report> insert_report(SqlConnection& conn, Report report) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO reports (reference, category, status, source, filed_by_user_id, address, "
      "place_id, scope_path, description, contact, received_at, updated_at, due_at, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {report.reference, std::string(report_category_name(report.category)),
       std::string(report_status_name(report.status)), report.source, report.filed_by_user_id,
       report.address, sql_int(report.place_id), sql_text(report.scope_path), report.description,
       report.contact, report.received_at.micros(), report.updated_at.micros(),
       sql_instant(report.due_at), report.version},
      [&](const SqlRow& r) { id = r.int64(0); }));
  report.id = *id;
  return report;
}

Result<std::optional<Report>> find_report(SqlConnection& conn, int64_t id) {
  return first(select_reports(conn, "id = ?", {id}));
}

Result<std::optional<Report>> find_report_by_reference(SqlConnection& conn,
                                                       const std::string& reference) {
  return first(select_reports(conn, "reference = ?", {reference}));
}

Status update_report(SqlConnection& conn, const Report& report) {
  CORDON_ASSIGN_OR_RETURN(int64_t changed,
                          conn.execute("UPDATE reports SET status = ?, place_id = ?, "
                                       "scope_path = ?, updated_at = ?, due_at = ?, version = ? "
                                       "WHERE id = ? AND version = ?",
                                       {std::string(report_status_name(report.status)),
                                        sql_int(report.place_id), sql_text(report.scope_path),
                                        report.updated_at.micros(), sql_instant(report.due_at),
                                        report.version, report.id, report.version - 1}));
  if (changed != 1)
    return Status::conflict("version_mismatch", "the report changed meanwhile; reload it");
  return Status();
}

Result<std::vector<Report>> list_reports(SqlConnection& conn, const ReportFilter& f) {
  std::string where = "id > ?";
  std::vector<SqlValue> params{f.after_id};
  if (f.scope_path) {
    std::string cond = prefix_condition("scope_path", *f.scope_path, params);
    where += f.include_unplaced ? " AND ((" + cond + ") OR scope_path IS NULL)"
                                : " AND " + cond;
  }
  if (f.status) {
    where += " AND status = ?";
    params.push_back(std::string(report_status_name(*f.status)));
  }
  if (f.due_before) {
    where += " AND due_at IS NOT NULL AND due_at < ?";
    params.push_back(f.due_before->micros());
  }
  where += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{f.limit});
  return select_reports(conn, where, params);
}

Status append_timeline(SqlConnection& conn, const TimelineEntry& e) {
  return conn
      .execute("INSERT INTO timeline (subject_type, subject_id, at, actor_user_id, actor_name, "
               "action, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
               {e.subject_type, e.subject_id, e.at.micros(), e.actor_user_id, e.actor_name,
                e.action, e.note})
      .status();
}

Result<std::vector<TimelineEntry>> list_timeline(SqlConnection& conn,
                                                 const std::string& subject_type,
                                                 int64_t subject_id) {
  std::vector<TimelineEntry> out;
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT id, subject_type, subject_id, at, actor_user_id, actor_name, action, note "
      "FROM timeline WHERE subject_type = ? AND subject_id = ? ORDER BY id",
      {subject_type, subject_id}, [&](const SqlRow& r) {
        out.push_back({r.int64(0), r.text(1), r.int64(2), Instant::from_micros(r.int64(3)),
                       r.int64(4), r.text(5), r.text(6), r.text(7)});
      }));
  return out;
}

}  // namespace cordon::store

#include "store/cases.h"

#include <unordered_set>

namespace cordon::store {

namespace {

constexpr const char* kCaseColumns =
    "id, person_id, classification, onset_date, sampling_date, report_date, outcome, "
    "outcome_date, created_at, updated_at, version";

constexpr const char* kExposureColumns =
    "id, person_id, source_person_id, setting, first_date, last_date, place, category, "
    "created_at";


// A ruled-out suspect is not a case for the analytics.
constexpr const char* kCounts = "(outcome IS NULL OR outcome <> 'ruled_out')";

// The scope condition on a person id column.
void add_scope(const CaseScope& scope, const char* column, std::string& sql,
               std::vector<SqlValue>& params) {
  if (scope.grid_id) {
    sql += std::string(" AND ") + column + " IN (SELECT id FROM persons WHERE grid_id = ?)";
    params.push_back(*scope.grid_id);
  } else if (scope.node_path) {
    sql += std::string(" AND ") + column +
           " IN (SELECT p.id FROM persons p JOIN nodes n ON n.id = p.grid_id "
           "WHERE n.path >= ? AND n.path < ?)";
    params.push_back(*scope.node_path);
    params.push_back(prefix_upper_bound(*scope.node_path));
  }
}

SqlValue sql_date(const std::optional<LocalDate>& d) {
  return d ? SqlValue(d->to_string()) : SqlValue();
}

std::optional<LocalDate> read_date(const SqlRow& r, int column) {
  auto text = r.optional_text(column);
  if (!text) return std::nullopt;
  auto d = LocalDate::parse(*text);
  return d.ok() ? std::optional<LocalDate>(*d) : std::nullopt;
}

Case read_case(const SqlRow& r) {
  Case c;
  c.id = r.int64(0);
  c.person_id = r.int64(1);
  c.classification =
      parse_case_classification(r.text(2)).value_or(CaseClassification::kSuspected);
  c.onset_date = read_date(r, 3);
  c.sampling_date = read_date(r, 4);
  c.report_date = read_date(r, 5).value_or(LocalDate());
  if (auto o = r.optional_text(6)) c.outcome = parse_case_outcome(*o);
  c.outcome_date = read_date(r, 7);
  c.created_at = Instant::parse(r.text(8)).value();
  c.updated_at = Instant::parse(r.text(9)).value();
  c.version = r.int64(10);
  return c;
}

std::vector<SqlValue> case_values(const Case& c) {
  return {c.person_id,
          std::string(case_classification_name(c.classification)),
          sql_date(c.onset_date),
          sql_date(c.sampling_date),
          c.report_date.to_string(),
          c.outcome ? SqlValue(std::string(case_outcome_name(*c.outcome))) : SqlValue(),
          sql_date(c.outcome_date),
          c.created_at.to_string(),
          c.updated_at.to_string(),
          c.version};
}

Exposure read_exposure(const SqlRow& r) {
  Exposure e;
  e.id = r.int64(0);
  e.person_id = r.int64(1);
  e.source_person_id = r.int64(2);
  e.setting = parse_exposure_setting(r.text(3)).value_or(ExposureSetting::kOther);
  e.first_date = read_date(r, 4).value_or(LocalDate());
  e.last_date = read_date(r, 5).value_or(LocalDate());
  e.place = r.text(6);
  e.category = parse_contact_category(r.text(7)).value_or(ContactCategory::kNone);
  e.created_at = Instant::parse(r.text(8)).value();
  return e;
}

std::vector<SqlValue> exposure_values(const Exposure& e) {
  return {e.person_id,
          e.source_person_id,
          std::string(exposure_setting_name(e.setting)),
          e.first_date.to_string(),
          e.last_date.to_string(),
          e.place,
          std::string(contact_category_name(e.category)),
          e.created_at.to_string()};
}

constexpr const char* kInsertExposure =
    "INSERT INTO exposures (person_id, source_person_id, setting, first_date, last_date, "
    "place, category, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

template <typename T>
Status select_rows(SqlConnection& conn, const std::string& sql, const std::vector<SqlValue>& params,
                   T (*read)(const SqlRow&), std::vector<T>& out) {
  return conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read(r)); });
}

template <typename T>
Result<std::optional<T>> first_of(Status s, std::vector<T>& rows) {
  if (!s.ok()) return s;
  if (rows.empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows.front()));
}

Status duplicate_exposure_or(Status s) {
  if (s.code() != "unique_violation") return s;
  return Status::conflict(
      "duplicate_exposure", "this exposure (same person, source and setting) is already recorded",
      {{"person_id", "duplicate_exposure", "already recorded as exposed to this source"}});
}

}  // namespace

Result<Case> insert_case(SqlConnection& conn, Case c) {
  std::optional<int64_t> id;
  Status s = conn.query(
      "INSERT INTO cases (person_id, classification, onset_date, sampling_date, report_date, "
      "outcome, outcome_date, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?) RETURNING id",
      case_values(c), [&](const SqlRow& r) { id = r.int64(0); });
  if (s.code() == "unique_violation")
    return Status::conflict("case_exists", "the person is already a case",
                            {{"person_id", "case_exists", "the person is already a case"}});
  if (!s.ok()) return s;
  c.id = *id;
  return c;
}

Result<std::optional<Case>> find_case(SqlConnection& conn, int64_t id) {
  std::vector<Case> rows;
  Status s = select_rows(conn, std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id = ?",
                         {id}, read_case, rows);
  return first_of(s, rows);
}

Result<std::optional<Case>> find_case_by_person(SqlConnection& conn, int64_t person_id) {
  std::vector<Case> rows;
  Status s = select_rows(
      conn, std::string("SELECT ") + kCaseColumns + " FROM cases WHERE person_id = ?",
      {person_id}, read_case, rows);
  return first_of(s, rows);
}

Result<Case> update_case(SqlConnection& conn, Case c, int64_t expected_version) {
  c.version = expected_version + 1;
  std::vector<SqlValue> params = case_values(c);
  params.erase(params.begin() + 7);  // created_at never changes
  params.erase(params.begin());      // nor the person
  params.push_back(c.id);
  params.push_back(expected_version);
  CORDON_ASSIGN_OR_RETURN(
      int64_t changed,
      conn.execute("UPDATE cases SET classification = ?, onset_date = ?, sampling_date = ?, "
                   "report_date = ?, outcome = ?, outcome_date = ?, updated_at = ?, version = ? "
                   "WHERE id = ? AND version = ?",
                   params));
  if (changed == 0)
    return Status::conflict("version_mismatch",
                            "the case was changed by someone else; reload and try again");
  return c;
}

Result<std::vector<Case>> list_cases(SqlConnection& conn, const CaseFilter& filter,
                                     int64_t after_id, int limit) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM cases WHERE id > ?";
  std::vector<SqlValue> params{after_id};
  if (filter.classification) {
    sql += " AND classification = ?";
    params.push_back(std::string(case_classification_name(*filter.classification)));
  }
  if (filter.open_only) sql += " AND outcome IS NULL";
  add_scope(filter.scope, "person_id", sql, params);
  sql += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{limit});
  std::vector<Case> out;
  CORDON_RETURN_IF_ERROR(select_rows(conn, sql, params, read_case, out));
  return out;
}

Status insert_case_event(SqlConnection& conn, const CaseEvent& e) {
  return conn
      .execute(
          "INSERT INTO case_events (case_id, at, actor_user_id, action, classification, "
          "onset_date, outcome, outcome_date, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {e.case_id, e.at.to_string(), e.actor_user_id, e.action,
           std::string(case_classification_name(e.classification)), sql_date(e.onset_date),
           e.outcome ? SqlValue(std::string(case_outcome_name(*e.outcome))) : SqlValue(),
           sql_date(e.outcome_date), e.note})
      .status();
}

Result<std::vector<CaseEvent>> list_case_events(SqlConnection& conn, int64_t case_id) {
  std::vector<CaseEvent> out;
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT id, case_id, at, actor_user_id, action, classification, onset_date, outcome, "
      "outcome_date, note FROM case_events WHERE case_id = ? ORDER BY id",
      {case_id}, [&](const SqlRow& r) {
        CaseEvent e;
        e.id = r.int64(0);
        e.case_id = r.int64(1);
        e.at = Instant::parse(r.text(2)).value();
        e.actor_user_id = r.int64(3);
        e.action = r.text(4);
        e.classification =
            parse_case_classification(r.text(5)).value_or(CaseClassification::kSuspected);
        e.onset_date = read_date(r, 6);
        if (auto o = r.optional_text(7)) e.outcome = parse_case_outcome(*o);
        e.outcome_date = read_date(r, 8);
        e.note = r.text(9);
        out.push_back(std::move(e));
      }));
  return out;
}

Result<Exposure> insert_exposure(SqlConnection& conn, Exposure e) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(duplicate_exposure_or(
      conn.query(std::string(kInsertExposure) + " RETURNING id", exposure_values(e),
                 [&](const SqlRow& r) { id = r.int64(0); })));
  e.id = *id;
  return e;
}

Status append_exposure(SqlConnection& conn, const Exposure& e) {
  return duplicate_exposure_or(conn.execute(kInsertExposure, exposure_values(e)).status());
}

Result<bool> insert_exposure_if_new(SqlConnection& conn, Exposure& e) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      std::string(kInsertExposure) +
          " ON CONFLICT (person_id, source_person_id, setting) DO NOTHING RETURNING id",
      exposure_values(e), [&](const SqlRow& r) { id = r.int64(0); }));
  if (id) e.id = *id;
  return id.has_value();
}

Result<std::optional<Exposure>> find_exposure(SqlConnection& conn, int64_t id) {
  std::vector<Exposure> rows;
  Status s = select_rows(conn,
                         std::string("SELECT ") + kExposureColumns + " FROM exposures WHERE id = ?",
                         {id}, read_exposure, rows);
  return first_of(s, rows);
}

Status set_exposure_category(SqlConnection& conn, int64_t id, ContactCategory category) {
  return conn
      .execute("UPDATE exposures SET category = ? WHERE id = ?",
               {std::string(contact_category_name(category)), id})
      .status();
}

Result<std::vector<Exposure>> exposures_of(SqlConnection& conn, int64_t person_id,
                                           bool as_source) {
  std::vector<Exposure> out;
  CORDON_RETURN_IF_ERROR(select_rows(
      conn,
      std::string("SELECT ") + kExposureColumns + " FROM exposures WHERE " +
          (as_source ? "source_person_id" : "person_id") + " = ? ORDER BY id",
      {person_id}, read_exposure, out));
  return out;
}

Result<std::vector<Exposure>> list_exposures(SqlConnection& conn, const CaseScope& scope,
                                             std::optional<int64_t> person_id, int64_t after_id,
                                             int limit) {
  std::string sql = std::string("SELECT ") + kExposureColumns + " FROM exposures WHERE id > ?";
  std::vector<SqlValue> params{after_id};
  if (person_id) {
    sql += " AND (person_id = ? OR source_person_id = ?)";
    params.push_back(*person_id);
    params.push_back(*person_id);
  }
  add_scope(scope, "person_id", sql, params);
  sql += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{limit});
  std::vector<Exposure> out;
  CORDON_RETURN_IF_ERROR(select_rows(conn, sql, params, read_exposure, out));
  return out;
}

Result<bool> is_close_contact(SqlConnection& conn, int64_t person_id) {
  CORDON_ASSIGN_OR_RETURN(
      auto found,
      conn.query_int("SELECT 1 FROM exposures WHERE person_id = ? AND category = 'close' LIMIT 1",
                     {person_id}));
  return found.has_value();
}

Result<bool> exposure_path_exists(SqlConnection& conn, int64_t from, int64_t to) {
  if (from == to) return true;
  std::unordered_set<int64_t> seen{from};
  std::vector<int64_t> frontier{from};
  while (!frontier.empty()) {
    std::vector<int64_t> next;
    for (int64_t source : frontier) {
      bool found = false;
      CORDON_RETURN_IF_ERROR(conn.query(
          "SELECT DISTINCT person_id FROM exposures WHERE source_person_id = ?", {source},
          [&](const SqlRow& r) {
            int64_t p = r.int64(0);
            if (p == to) found = true;
            if (seen.insert(p).second) next.push_back(p);
          }));
      if (found) return true;
    }
    frontier = std::move(next);
  }
  return false;
}

Result<std::vector<CaseDay>> case_days(SqlConnection& conn, const CaseScope& scope) {
  std::string sql = std::string(
                        "SELECT id, person_id, COALESCE(onset_date, report_date) FROM cases "
                        "WHERE ") +
                    kCounts;
  std::vector<SqlValue> params;
  add_scope(scope, "person_id", sql, params);
  std::vector<CaseDay> out;
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) {
    out.push_back({r.int64(0), r.int64(1), read_date(r, 2).value_or(LocalDate())});
  }));
  return out;
}

Result<std::vector<CaseExposure>> case_exposures(SqlConnection& conn, const CaseScope& scope) {
  std::string sql = std::string(
                        "SELECT person_id, source_person_id, setting, last_date FROM exposures "
                        "WHERE category = 'close' AND source_person_id IN (SELECT person_id "
                        "FROM cases WHERE ") +
                    kCounts + ")";
  std::vector<SqlValue> params;
  add_scope(scope, "person_id", sql, params);
  std::vector<CaseExposure> out;
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) {
    out.push_back({r.int64(0), r.int64(1),
                   parse_exposure_setting(r.text(2)).value_or(ExposureSetting::kOther),
                   read_date(r, 3).value_or(LocalDate())});
  }));
  return out;
}

Result<std::vector<CaseCount>> count_cases_by_day(SqlConnection& conn, const CaseScope& scope,
                                                  bool by_onset, LocalDate from, LocalDate to) {
  const std::string column = by_onset ? "onset_date" : "report_date";
  std::string sql = "SELECT " + column + ", classification, COUNT(*) FROM cases WHERE " +
                    kCounts + " AND " + column + " >= ? AND " + column + " <= ?";
  std::vector<SqlValue> params{from.to_string(), to.to_string()};
  add_scope(scope, "person_id", sql, params);
  sql += " GROUP BY " + column + ", classification ORDER BY " + column + ", classification";
  std::vector<CaseCount> out;
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) {
    out.push_back({read_date(r, 0).value_or(LocalDate()),
                   parse_case_classification(r.text(1)).value_or(CaseClassification::kSuspected),
                   r.int64(2)});
  }));
  return out;
}

Result<int64_t> count_cases_and_orders(SqlConnection& conn) {
  CORDON_ASSIGN_OR_RETURN(
      auto n, conn.query_int(
                  "SELECT (SELECT COUNT(*) FROM cases) + (SELECT COUNT(*) FROM quarantine_orders)",
                  {}));
  return n.value_or(0);
}

}  // namespace cordon::store

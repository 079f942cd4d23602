#include "store/quarantine_records.h"

namespace cordon::store {

namespace {

SqlValue date_value(const std::optional<LocalDate>& d) {
  return d ? SqlValue(d->to_string()) : SqlValue();
}

std::optional<LocalDate> optional_date(const SqlRow& r, int column) {
  if (r.is_null(column)) return std::nullopt;
  return LocalDate::parse(r.text(column)).value();
}

LocalDate date_at(const SqlRow& r, int column) { return LocalDate::parse(r.text(column)).value(); }
Instant instant_at(const SqlRow& r, int column) { return Instant::parse(r.text(column)).value(); }

// Runs an INSERT ... RETURNING id and returns the id; a unique violation becomes
// `duplicate` (when given).
Result<int64_t> insert_returning_id(SqlConnection& conn, const std::string& sql,
                                    const std::vector<SqlValue>& params,
                                    std::optional<Status> duplicate = std::nullopt) {
  std::optional<int64_t> id;
  Status s = conn.query(sql + " RETURNING id", params, [&](const SqlRow& r) { id = r.int64(0); });
  if (s.code() == "unique_violation" && duplicate) return *duplicate;
  if (!s.ok()) return s;
  return *id;
}

}  // namespace

// --- policy in force ---

Result<std::optional<PolicyInForce>> get_policy_in_force(SqlConnection& conn) {
  std::optional<PolicyInForce> out;
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT code, version, since, set_by FROM policy_in_force WHERE id = 1", {},
      [&](const SqlRow& r) {
        out = PolicyInForce{r.text(0), static_cast<int>(r.int64(1)), instant_at(r, 2),
                            r.int64(3)};
      }));
  return out;
}

Status set_policy_in_force(SqlConnection& conn, const PolicyInForce& p) {
  return conn
      .execute(
          "INSERT INTO policy_in_force (id, code, version, since, set_by) VALUES (1, ?, ?, ?, ?) "
          "ON CONFLICT (id) DO UPDATE SET code = excluded.code, version = excluded.version, "
          "since = excluded.since, set_by = excluded.set_by",
          {p.code, int64_t{p.version}, p.since.to_string(), p.set_by})
      .status();
}

// --- risk areas ---

namespace {

Status load_levels(SqlConnection& conn, std::vector<RiskArea>& areas) {
  for (auto& area : areas) {
    CORDON_RETURN_IF_ERROR(conn.query(
        "SELECT id, area_id, level, effective_from, created_at, created_by FROM risk_area_levels "
        "WHERE area_id = ? ORDER BY effective_from, id",
        {area.id}, [&](const SqlRow& r) {
          RiskLevelEntry e;
          e.id = r.int64(0);
          e.area_id = r.int64(1);
          e.level = parse_risk_level(r.text(2)).value_or(RiskLevel::kLow);
          e.effective_from = date_at(r, 3);
          e.created_at = instant_at(r, 4);
          e.created_by = r.int64(5);
          area.levels.push_back(e);
        }));
  }
  return Status();
}

Status select_areas(SqlConnection& conn, const std::string& where,
                    const std::vector<SqlValue>& params, std::vector<RiskArea>& out) {
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT id, name, code, created_at FROM risk_areas WHERE " + where, params,
      [&](const SqlRow& r) {
        RiskArea a;
        a.id = r.int64(0);
        a.name = r.text(1);
        a.code = r.optional_text(2);
        a.created_at = instant_at(r, 3);
        out.push_back(std::move(a));
      }));
  return load_levels(conn, out);
}

}  // namespace

Result<RiskArea> insert_risk_area(SqlConnection& conn, RiskArea area) {
  std::optional<int64_t> id;
  Status s = conn.query(
      "INSERT INTO risk_areas (name, code, created_at) VALUES (?, ?, ?) RETURNING id",
      {area.name, sql_text(area.code), area.created_at.to_string()},
      [&](const SqlRow& r) { id = r.int64(0); });
  if (s.code() == "unique_violation") {
    bool by_code = s.message().find("code") != std::string::npos;
    const char* field = by_code ? "code" : "name";
    return Status::conflict(by_code ? "duplicate_code" : "duplicate_name",
                            std::string("another risk area has this ") + field,
                            {{field, "duplicate", std::string("another risk area has this ") + field}});
  }
  if (!s.ok()) return s;
  area.id = *id;
  return area;
}

Result<std::optional<RiskArea>> find_risk_area(SqlConnection& conn, int64_t id) {
  std::vector<RiskArea> out;
  CORDON_RETURN_IF_ERROR(select_areas(conn, "id = ?", {id}, out));
  if (out.empty()) return std::optional<RiskArea>();
  return std::optional<RiskArea>(std::move(out.front()));
}

Result<std::optional<RiskArea>> find_risk_area_named(SqlConnection& conn,
                                                     const std::string& name_or_code) {
  std::vector<RiskArea> out;
  CORDON_RETURN_IF_ERROR(
      select_areas(conn, "name = ? OR code = ?", {name_or_code, name_or_code}, out));
  if (out.empty()) return std::optional<RiskArea>();
  return std::optional<RiskArea>(std::move(out.front()));
}

Result<Page<RiskArea>> list_risk_areas(SqlConnection& conn, int64_t after_id, int limit) {
  Where w;
  std::string where = w.page(after_id, limit);
  std::vector<RiskArea> rows;
  CORDON_RETURN_IF_ERROR(select_areas(conn, where, w.params(), rows));
  return to_page(std::move(rows), limit);
}

Result<RiskLevelEntry> insert_risk_level(SqlConnection& conn, RiskLevelEntry e) {
  CORDON_ASSIGN_OR_RETURN(
      e.id, insert_returning_id(conn,
                                "INSERT INTO risk_area_levels (area_id, level, effective_from, "
                                "created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                                {e.area_id, std::string(risk_level_name(e.level)),
                                 e.effective_from.to_string(), e.created_at.to_string(),
                                 e.created_by}));
  return e;
}

// --- arrivals ---

namespace {

constexpr const char* kArrivalColumns =
    "id, person_id, grid_id, origin_area_id, origin, arrival_date, transport, transport_detail, "
    "temperature, risk_level, policy_code, policy_version, order_id, reported_by, created_at, "
    "person_created, fever";

Arrival read_arrival(const SqlRow& r) {
  Arrival a;
  a.id = r.int64(0);
  a.person_id = r.int64(1);
  a.grid_id = r.int64(2);
  a.origin_area_id = r.optional_int64(3);
  a.origin = r.text(4);
  a.arrival_date = date_at(r, 5);
  a.transport = parse_transport(r.text(6)).value_or(Transport::kOther);
  a.transport_detail = r.text(7);
  if (!r.is_null(8)) a.temperature = r.real(8);
  a.risk_level = parse_risk_level(r.text(9)).value_or(RiskLevel::kLow);
  a.policy_code = r.text(10);
  a.policy_version = static_cast<int>(r.int64(11));
  a.order_id = r.optional_int64(12);
  a.reported_by = r.int64(13);
  a.created_at = instant_at(r, 14);
  a.person_created = r.int64(15) != 0;
  a.fever = r.int64(16) != 0;
  return a;
}

Status select_arrivals(SqlConnection& conn, const std::string& where,
                       const std::vector<SqlValue>& params, std::vector<Arrival>& out) {
  return conn.query(std::string("SELECT ") + kArrivalColumns + " FROM arrivals WHERE " + where,
                    params, [&](const SqlRow& r) { out.push_back(read_arrival(r)); });
}

}  // namespace

Result<Arrival> insert_arrival(SqlConnection& conn, Arrival a) {
  CORDON_ASSIGN_OR_RETURN(
      a.id,
      insert_returning_id(
          conn,
          "INSERT INTO arrivals (person_id, grid_id, origin_area_id, origin, arrival_date, "
          "transport, transport_detail, temperature, risk_level, policy_code, policy_version, "
          "order_id, reported_by, created_at, person_created, fever) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {a.person_id, a.grid_id, sql_int(a.origin_area_id), a.origin,
           a.arrival_date.to_string(), std::string(transport_name(a.transport)),
           a.transport_detail, a.temperature ? SqlValue(*a.temperature) : SqlValue(),
           std::string(risk_level_name(a.risk_level)), a.policy_code, int64_t{a.policy_version},
           sql_int(a.order_id), a.reported_by, a.created_at.to_string(),
           int64_t{a.person_created ? 1 : 0}, int64_t{a.fever ? 1 : 0}}));
  return a;
}

Status set_arrival_order(SqlConnection& conn, int64_t arrival_id, int64_t order_id) {
  return conn.execute("UPDATE arrivals SET order_id = ? WHERE id = ?", {order_id, arrival_id})
      .status();
}

Result<std::optional<Arrival>> find_arrival(SqlConnection& conn, int64_t id) {
  std::vector<Arrival> out;
  CORDON_RETURN_IF_ERROR(select_arrivals(conn, "id = ?", {id}, out));
  if (out.empty()) return std::optional<Arrival>();
  return std::optional<Arrival>(std::move(out.front()));
}

Result<Page<Arrival>> list_arrivals(SqlConnection& conn, std::optional<int64_t> grid_id,
                                    const std::optional<std::string>& node_path, int64_t after_id,
                                    int limit) {
  Where w;
  w.scope("grid_id", grid_id, node_path);
  std::string where = w.page(after_id, limit);
  std::vector<Arrival> rows;
  CORDON_RETURN_IF_ERROR(select_arrivals(conn, where, w.params(), rows));
  return to_page(std::move(rows), limit);
}

// --- pooled tubes ---

namespace {

Status select_tubes(SqlConnection& conn, const std::string& where,
                    const std::vector<SqlValue>& params, std::vector<PooledTube>& out) {
  return conn.query(
      "SELECT id, code, kind, grid_id, sampled_on, result, resulted_on, created_at, updated_at "
      "FROM pooled_tubes WHERE " + where,
      params, [&](const SqlRow& r) {
        PooledTube t;
        t.id = r.int64(0);
        t.code = r.text(1);
        t.kind = parse_test_kind(r.text(2)).value_or(TestKind::kPcr);
        t.grid_id = r.int64(3);
        t.sampled_on = date_at(r, 4);
        t.result = parse_test_result(r.text(5)).value_or(TestResult::kPending);
        t.resulted_on = optional_date(r, 6);
        t.created_at = instant_at(r, 7);
        t.updated_at = instant_at(r, 8);
        out.push_back(std::move(t));
      });
}

}  // namespace

Result<PooledTube> insert_tube(SqlConnection& conn, PooledTube t) {
  CORDON_ASSIGN_OR_RETURN(
      t.id, insert_returning_id(
                conn,
                "INSERT INTO pooled_tubes (code, kind, grid_id, sampled_on, result, resulted_on, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {t.code, std::string(test_kind_name(t.kind)), t.grid_id, t.sampled_on.to_string(),
                 std::string(test_result_name(t.result)), date_value(t.resulted_on),
                 t.created_at.to_string(), t.updated_at.to_string()},
                Status::conflict("duplicate_tube_code", "a pooled tube with this code exists",
                                 {{"code", "duplicate", "a pooled tube with this code exists"}})));
  return t;
}

Result<std::optional<PooledTube>> find_tube(SqlConnection& conn, int64_t id) {
  std::vector<PooledTube> out;
  CORDON_RETURN_IF_ERROR(select_tubes(conn, "id = ?", {id}, out));
  if (out.empty()) return std::optional<PooledTube>();
  return std::optional<PooledTube>(std::move(out.front()));
}

Status update_tube_result(SqlConnection& conn, const PooledTube& t) {
  return conn
      .execute("UPDATE pooled_tubes SET result = ?, resulted_on = ?, updated_at = ? WHERE id = ?",
               {std::string(test_result_name(t.result)), date_value(t.resulted_on),
                t.updated_at.to_string(), t.id})
      .status();
}

// --- lab samples ---

namespace {

constexpr const char* kSampleColumns =
    "id, person_id, grid_id, order_id, tube_id, kind, sampled_on, result, resulted_on, "
    "retest_required, created_at, updated_at";

Status select_samples(SqlConnection& conn, const std::string& where,
                      const std::vector<SqlValue>& params, std::vector<LabSample>& out) {
  return conn.query(
      std::string("SELECT ") + kSampleColumns + " FROM lab_samples WHERE " + where, params,
      [&](const SqlRow& r) {
        LabSample s;
        s.id = r.int64(0);
        s.person_id = r.int64(1);
        s.grid_id = r.int64(2);
        s.order_id = r.optional_int64(3);
        s.tube_id = r.optional_int64(4);
        s.kind = parse_test_kind(r.text(5)).value_or(TestKind::kPcr);
        s.sampled_on = date_at(r, 6);
        s.result = parse_test_result(r.text(7)).value_or(TestResult::kPending);
        s.resulted_on = optional_date(r, 8);
        s.retest_required = r.int64(9) != 0;
        s.created_at = instant_at(r, 10);
        s.updated_at = instant_at(r, 11);
        out.push_back(std::move(s));
      });
}

}  // namespace

Result<LabSample> insert_sample(SqlConnection& conn, LabSample s) {
  CORDON_ASSIGN_OR_RETURN(
      s.id, insert_returning_id(
                conn,
                "INSERT INTO lab_samples (person_id, grid_id, order_id, tube_id, kind, sampled_on, "
                "result, resulted_on, retest_required, created_at, updated_at) VALUES (?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?)",
                {s.person_id, s.grid_id, sql_int(s.order_id), sql_int(s.tube_id),
                 std::string(test_kind_name(s.kind)), s.sampled_on.to_string(),
                 std::string(test_result_name(s.result)), date_value(s.resulted_on),
                 int64_t{s.retest_required ? 1 : 0}, s.created_at.to_string(),
                 s.updated_at.to_string()}));
  return s;
}

Result<std::optional<LabSample>> find_sample(SqlConnection& conn, int64_t id) {
  std::vector<LabSample> out;
  CORDON_RETURN_IF_ERROR(select_samples(conn, "id = ?", {id}, out));
  if (out.empty()) return std::optional<LabSample>();
  return std::optional<LabSample>(std::move(out.front()));
}

Status update_sample_result(SqlConnection& conn, const LabSample& s) {
  return conn
      .execute(
          "UPDATE lab_samples SET result = ?, resulted_on = ?, retest_required = ?, "
          "updated_at = ? WHERE id = ?",
          {std::string(test_result_name(s.result)), date_value(s.resulted_on),
           int64_t{s.retest_required ? 1 : 0}, s.updated_at.to_string(), s.id})
      .status();
}

Result<Page<LabSample>> list_samples(SqlConnection& conn, const SampleFilter& f, int64_t after_id,
                                     int limit) {
  Where w;
  w.scope("grid_id", f.grid_id, f.node_path);
  w.add_if("person_id = ?", f.person_id).add_if("order_id = ?", f.order_id);
  w.add_if("tube_id = ?", f.tube_id);
  if (f.retest_required) w.add("retest_required = ?", int64_t{*f.retest_required ? 1 : 0});
  if (f.sampled_from) w.add("sampled_on >= ?", f.sampled_from->to_string());
  if (f.sampled_to) w.add("sampled_on <= ?", f.sampled_to->to_string());
  std::string where = w.page(after_id, limit);
  std::vector<LabSample> rows;
  CORDON_RETURN_IF_ERROR(select_samples(conn, where, w.params(), rows));
  return to_page(std::move(rows), limit);
}

Status clear_retest(SqlConnection& conn, int64_t person_id, LocalDate on, Instant now) {
  return conn
      .execute(
          "UPDATE lab_samples SET retest_required = 0, updated_at = ? WHERE person_id = ? AND "
          "retest_required = 1 AND sampled_on <= ?",
          {now.to_string(), person_id, on.to_string()})
      .status();
}

}  // namespace cordon::store

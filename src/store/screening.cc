#include "store/screening.h"

#include <map>

#include "store/reports.h"

namespace cordon::store {

namespace {

constexpr const char* kCampaignColumns =
    "id, name, scope_path, due_date, created_by_user_id, created_at";

Campaign read_campaign(const SqlRow& r) {
  Campaign c;
  c.id = r.int64(0);
  c.name = r.text(1);
  c.scope_path = r.text(2);
  if (auto d = LocalDate::parse(r.text(3)); d.ok()) c.due_date = *d;
  c.created_by_user_id = r.int64(4);
  c.created_at = Instant::from_micros(r.int64(5));
  return c;
}

constexpr const char* kHouseholdColumns =
    "id, campaign_id, address_id, grid_id, status, visits, last_result, last_visit_at";

Household read_household(const SqlRow& r) {
  Household h;
  h.id = r.int64(0);
  h.campaign_id = r.int64(1);
  h.address_id = r.int64(2);
  h.grid_id = r.int64(3);
  h.status = parse_household_status(r.text(4)).value_or(HouseholdStatus::kPending);
  h.visits = static_cast<int>(r.int64(5));
  if (auto res = r.optional_text(6)) h.last_result = parse_visit_result(*res);
  if (!r.is_null(7)) h.last_visit_at = Instant::from_micros(r.int64(7));
  return h;
}

}  // namespace

Result<Campaign> insert_campaign(SqlConnection& conn, Campaign c) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO screening_campaigns (name, scope_path, due_date, created_by_user_id, "
      "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
      {c.name, c.scope_path, c.due_date.to_string(), c.created_by_user_id, c.created_at.micros()},
      [&](const SqlRow& r) { id = r.int64(0); }));
  c.id = *id;
  return c;
}

Result<std::optional<Campaign>> find_campaign(SqlConnection& conn, int64_t id) {
  std::optional<Campaign> out;
  CORDON_RETURN_IF_ERROR(conn.query(std::string("SELECT ") + kCampaignColumns +
                                        " FROM screening_campaigns WHERE id = ?",
                                    {id}, [&](const SqlRow& r) { out = read_campaign(r); }));
  return out;
}

Result<std::vector<Campaign>> list_campaigns(SqlConnection& conn,
                                             const std::optional<std::string>& path,
                                             int64_t after_id, int limit) {
  std::vector<SqlValue> params{after_id};
  std::string sql = std::string("SELECT ") + kCampaignColumns +
                    " FROM screening_campaigns WHERE id > ?";
  if (path) sql += " AND " + prefix_condition("scope_path", *path, params);
  sql += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{limit});
  std::vector<Campaign> out;
  CORDON_RETURN_IF_ERROR(
      conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read_campaign(r)); }));
  return out;
}

Result<int64_t> add_households(SqlConnection& conn, int64_t campaign_id,
                               const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    std::vector<SqlValue> params{campaign_id};
    std::string cond = prefix_condition("n.path", path, params);
    CORDON_RETURN_IF_ERROR(
        conn.execute("INSERT INTO screening_households (campaign_id, address_id, grid_id, "
                     "status, visits) SELECT DISTINCT CAST(? AS BIGINT), p.address_id, p.grid_id, "
                     "'pending', 0 "
                     "FROM persons p JOIN nodes n ON n.id = p.address_id WHERE " +
                         cond + " ON CONFLICT (campaign_id, address_id) DO NOTHING",
                     params)
            .status());
  }
  CORDON_ASSIGN_OR_RETURN(auto count,
                          conn.query_int("SELECT COUNT(*) FROM screening_households WHERE "
                                         "campaign_id = ?",
                                         {campaign_id}));
  return count.value_or(0);
}

Result<std::optional<Household>> find_household(SqlConnection& conn, int64_t campaign_id,
                                                int64_t address_id) {
  std::optional<Household> out;
  CORDON_RETURN_IF_ERROR(conn.query(
      std::string("SELECT ") + kHouseholdColumns +
          " FROM screening_households WHERE campaign_id = ? AND address_id = ?",
      {campaign_id, address_id}, [&](const SqlRow& r) { out = read_household(r); }));
  return out;
}

Status update_household(SqlConnection& conn, const Household& h) {
  return conn
      .execute("UPDATE screening_households SET status = ?, visits = ?, last_result = ?, "
               "last_visit_at = ? WHERE id = ?",
               {std::string(household_status_name(h.status)), int64_t{h.visits},
                h.last_result ? SqlValue(std::string(visit_result_name(*h.last_result)))
                              : SqlValue(),
                h.last_visit_at ? SqlValue(h.last_visit_at->micros()) : SqlValue(), h.id})
      .status();
}

Result<std::vector<Household>> list_households(SqlConnection& conn, int64_t campaign_id,
                                               std::optional<HouseholdStatus> status,
                                               int64_t after_id, int limit) {
  std::vector<SqlValue> params{campaign_id, after_id};
  std::string sql = std::string("SELECT ") + kHouseholdColumns +
                    " FROM screening_households WHERE campaign_id = ? AND id > ?";
  if (status) {
    sql += " AND status = ?";
    params.push_back(std::string(household_status_name(*status)));
  }
  sql += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{limit});
  std::vector<Household> out;
  CORDON_RETURN_IF_ERROR(
      conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read_household(r)); }));
  return out;
}

Result<Visit> insert_visit(SqlConnection& conn, Visit v) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO screening_visits (campaign_id, household_id, at, by_user_id, result, note, "
      "task_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {v.campaign_id, v.household_id, v.at.micros(), v.by_user_id,
       std::string(visit_result_name(v.result)), v.note, sql_int(v.task_id)},
      [&](const SqlRow& r) { id = r.int64(0); }));
  v.id = *id;
  return v;
}

Result<std::vector<GridProgress>> campaign_progress(SqlConnection& conn, int64_t campaign_id) {
  std::map<int64_t, GridProgress> by_grid;
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT grid_id, status, COUNT(*) FROM screening_households WHERE campaign_id = ? "
      "GROUP BY grid_id, status",
      {campaign_id}, [&](const SqlRow& r) {
        GridProgress& g = by_grid[r.int64(0)];
        g.grid_id = r.int64(0);
        int64_t n = r.int64(2);
        g.households += n;
        auto status = parse_household_status(r.text(1));
        if (status == HouseholdStatus::kVisited) g.visited += n;
        else if (status == HouseholdStatus::kRevisit) g.revisit += n;
        else g.pending += n;
      }));
  std::vector<GridProgress> out;
  for (auto& [id, g] : by_grid) out.push_back(g);
  return out;
}

}  // namespace cordon::store

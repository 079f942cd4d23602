#include "store/migrations.h"

#include <set>
#include <string>

namespace cordon::store {

namespace {

constexpr std::string_view kPlaces = R"sql(
CREATE TABLE nodes (
  id {{id}},
  parent_id BIGINT REFERENCES nodes(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  code TEXT,
  path {{key}} NOT NULL,
  depth INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX nodes_sibling_name ON nodes (parent_id, name);
CREATE UNIQUE INDEX nodes_code ON nodes (code) WHERE code IS NOT NULL;
CREATE INDEX nodes_path ON nodes (path);
)sql";

constexpr std::string_view kPersons = R"sql(
CREATE TABLE persons (
  id {{id}},
  name TEXT NOT NULL,
  name_simplified {{key}} NOT NULL,
  name_pinyin {{key}} NOT NULL,
  name_initials {{key}} NOT NULL,
  id_type TEXT NOT NULL,
  id_number TEXT,
  sex TEXT NOT NULL,
  birth_date TEXT,
  phone TEXT,
  grid_id BIGINT NOT NULL REFERENCES nodes(id),
  address_id BIGINT REFERENCES nodes(id),
  address TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX persons_document ON persons (id_type, id_number);
CREATE INDEX persons_grid ON persons (grid_id, id);
CREATE INDEX persons_simplified ON persons (name_simplified, id);
CREATE INDEX persons_pinyin ON persons (name_pinyin, id);
CREATE INDEX persons_initials ON persons (name_initials, id);
CREATE INDEX persons_phone ON persons (phone);

CREATE TABLE idempotency_keys (
  idempotency_key TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  resource_id BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
)sql";

// The audit chain (store/audit.h). seq is assigned by append_audit, not by the engine:
// it is part of what each hash covers. Times are microseconds since the epoch so that
// range filters compare numbers, not RFC 3339 strings of varying precision.
constexpr std::string_view kAudit = R"sql(
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at_micros BIGINT NOT NULL,
  actor_user_id BIGINT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id BIGINT NOT NULL,
  remote_address TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_type, record_id, seq);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
)sql";

// Staff accounts, browser sessions and API tokens (store/accounts.h).
constexpr std::string_view kAccounts = R"sql(
CREATE TABLE users (
  id {{id}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  jurisdiction_id BIGINT REFERENCES nodes(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL,
  must_change_password INTEGER NOT NULL,
  failed_logins INTEGER NOT NULL,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX users_jurisdiction ON users (jurisdiction_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id {{id}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT
);
)sql";

// Search by ID number alone ("?q=150783...") needs id_number first in an index; the
// document's uniqueness is the same whichever column leads, so reorder rather than add
// a sixth index to every person insert.
constexpr std::string_view kDocumentIndex = R"sql(
DROP INDEX persons_document;
CREATE UNIQUE INDEX persons_document ON persons (id_number, id_type);
)sql";

// Quarantine orders (store/quarantine_orders.h) and their history. grid_id is the
// person's grid when ordered, for jurisdiction scoping without a join; site_id names a
// row of the sites table, which a later migration creates (so no foreign key here).
// Dates are local 'YYYY-MM-DD' text, which sorts as the calendar does.
constexpr std::string_view kQuarantine = R"sql(
CREATE TABLE quarantine_orders (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  grid_id BIGINT NOT NULL REFERENCES nodes(id),
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  anchor_date TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  site_id BIGINT,
  policy_code TEXT NOT NULL,
  policy_version INTEGER NOT NULL,
  stage INTEGER NOT NULL,
  parent_order_id BIGINT REFERENCES quarantine_orders(id),
  arrival_id BIGINT,
  released_on TEXT,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX quarantine_orders_grid ON quarantine_orders (grid_id, status, end_date, id);
CREATE INDEX quarantine_orders_site ON quarantine_orders (site_id, status, end_date, id);
CREATE INDEX quarantine_orders_status ON quarantine_orders (status, end_date, id);
CREATE INDEX quarantine_orders_person ON quarantine_orders (person_id, id);
CREATE INDEX quarantine_orders_parent ON quarantine_orders (parent_order_id);

CREATE TABLE quarantine_order_events (
  id {{id}},
  order_id BIGINT NOT NULL REFERENCES quarantine_orders(id),
  at TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  previous_end_date TEXT,
  end_date TEXT,
  from_site_id BIGINT,
  to_site_id BIGINT,
  from_kind TEXT,
  to_kind TEXT,
  actor_user_id BIGINT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX quarantine_order_events_order ON quarantine_order_events (order_id, id);
)sql";

// Quarantine sites, rooms and stays (store/sites.h); health checks and alerts
// (store/followups.h). `occupied` on sites and rooms are guarded counters: a check-in
// raises them with an UPDATE whose WHERE re-checks the limit, so two concurrent check-ins
// can never both take the last bed on either engine. A stay is one order in one room;
// at most one stay per order is open (checked_out_at IS NULL), enforced by open_order.
constexpr std::string_view kSites = R"sql(
CREATE TABLE sites (
  id {{id}},
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  kind TEXT NOT NULL,
  node_id BIGINT NOT NULL REFERENCES nodes(id),
  capacity INTEGER NOT NULL,
  occupied INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (occupied >= 0 AND occupied <= capacity)
);
CREATE INDEX sites_node ON sites (node_id, id);

CREATE TABLE rooms (
  id {{id}},
  site_id BIGINT NOT NULL REFERENCES sites(id),
  number TEXT NOT NULL,
  floor INTEGER NOT NULL,
  beds INTEGER NOT NULL,
  family INTEGER NOT NULL,
  occupied INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (occupied >= 0 AND occupied <= (CASE WHEN family = 1 THEN beds ELSE 1 END))
);
CREATE UNIQUE INDEX rooms_number ON rooms (site_id, number);

CREATE TABLE site_stays (
  id {{id}},
  order_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  site_id BIGINT NOT NULL REFERENCES sites(id),
  room_id BIGINT NOT NULL REFERENCES rooms(id),
  checked_in_at TEXT NOT NULL,
  checked_in_on TEXT NOT NULL,
  checked_in_by BIGINT NOT NULL,
  checked_out_at TEXT,
  checked_out_on TEXT,
  checked_out_by BIGINT,
  open_order BIGINT UNIQUE,
  end_reason TEXT
);
CREATE INDEX site_stays_site ON site_stays (site_id, checked_in_on);
CREATE INDEX site_stays_room ON site_stays (room_id, open_order);
CREATE INDEX site_stays_order ON site_stays (order_id, id);

CREATE TABLE health_checks (
  id {{id}},
  order_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  temperature DOUBLE PRECISION NOT NULL,
  symptoms TEXT NOT NULL,
  symptom_note TEXT NOT NULL,
  method TEXT NOT NULL,
  taken_at TEXT NOT NULL,
  taken_on TEXT NOT NULL,
  slot INTEGER NOT NULL,
  recorded_by BIGINT NOT NULL,
  recorded_by_name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX health_checks_order ON health_checks (order_id, taken_on, slot);

CREATE TABLE alerts (
  id {{id}},
  kind TEXT NOT NULL,
  order_id BIGINT NOT NULL,
  person_id BIGINT NOT NULL,
  grid_id BIGINT NOT NULL,
  site_id BIGINT,
  health_check_id BIGINT,
  due_on TEXT,
  slot INTEGER,
  detail TEXT NOT NULL,
  status TEXT NOT NULL,
  raised_at TEXT NOT NULL,
  acknowledged_at TEXT,
  acknowledged_by BIGINT,
  task_id BIGINT,
  dedupe_key TEXT UNIQUE
);
CREATE INDEX alerts_grid ON alerts (grid_id, status, id);
CREATE INDEX alerts_site ON alerts (site_id, status, id);
CREATE INDEX alerts_order ON alerts (order_id, id);
)sql";

// The policy in force (store/policy_settings.h), the risk-area list with dated levels
// (store/risk_areas.h), arrivals (store/arrivals.h) and lab tests with pooled tubes
// (store/lab_tests.h).
constexpr std::string_view kQuarantineRecords = R"sql(
CREATE TABLE policy_in_force (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  since TEXT NOT NULL,
  set_by BIGINT NOT NULL
);

CREATE TABLE risk_areas (
  id {{id}},
  name TEXT NOT NULL,
  code TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX risk_areas_name ON risk_areas (name);
CREATE UNIQUE INDEX risk_areas_code ON risk_areas (code) WHERE code IS NOT NULL;

CREATE TABLE risk_area_levels (
  id {{id}},
  area_id BIGINT NOT NULL REFERENCES risk_areas(id),
  level TEXT NOT NULL,
  effective_from TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL
);
CREATE INDEX risk_area_levels_area ON risk_area_levels (area_id, effective_from, id);

CREATE TABLE arrivals (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  grid_id BIGINT NOT NULL REFERENCES nodes(id),
  origin_area_id BIGINT REFERENCES risk_areas(id),
  origin TEXT NOT NULL,
  arrival_date TEXT NOT NULL,
  transport TEXT NOT NULL,
  transport_detail TEXT NOT NULL,
  temperature REAL,
  risk_level TEXT NOT NULL,
  policy_code TEXT NOT NULL,
  policy_version INTEGER NOT NULL,
  order_id BIGINT REFERENCES quarantine_orders(id),
  reported_by BIGINT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX arrivals_grid ON arrivals (grid_id, id);
CREATE INDEX arrivals_person ON arrivals (person_id, id);

CREATE TABLE pooled_tubes (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  grid_id BIGINT NOT NULL REFERENCES nodes(id),
  sampled_on TEXT NOT NULL,
  result TEXT NOT NULL,
  resulted_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE lab_samples (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  grid_id BIGINT NOT NULL REFERENCES nodes(id),
  order_id BIGINT REFERENCES quarantine_orders(id),
  tube_id BIGINT REFERENCES pooled_tubes(id),
  kind TEXT NOT NULL,
  sampled_on TEXT NOT NULL,
  result TEXT NOT NULL,
  resulted_on TEXT,
  retest_required INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX lab_samples_person ON lab_samples (person_id, sampled_on, id);
CREATE INDEX lab_samples_tube ON lab_samples (tube_id);
CREATE INDEX lab_samples_grid ON lab_samples (grid_id, id);
)sql";

// Cases, their classification history, and exposures between persons (store/cases.h).
// One case per person. An exposure is unique per (exposed, source, setting): recording
// the same contact twice is a conflict, and an import re-run adds nothing.
constexpr std::string_view kCases = R"sql(
CREATE TABLE cases (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  classification TEXT NOT NULL,
  onset_date TEXT,
  sampling_date TEXT,
  report_date TEXT NOT NULL,
  outcome TEXT,
  outcome_date TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX cases_person ON cases (person_id);

CREATE TABLE case_events (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  at TEXT NOT NULL,
  actor_user_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  classification TEXT NOT NULL,
  onset_date TEXT,
  outcome TEXT,
  outcome_date TEXT,
  note TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE exposures (
  id {{id}},
  person_id BIGINT NOT NULL REFERENCES persons(id),
  source_person_id BIGINT NOT NULL REFERENCES persons(id),
  setting TEXT NOT NULL,
  first_date TEXT NOT NULL,
  last_date TEXT NOT NULL,
  place TEXT NOT NULL,
  category TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX exposures_pair ON exposures (person_id, source_person_id, setting);
CREATE INDEX exposures_source ON exposures (source_person_id, person_id);
)sql";

// Reports, tasks, assist requests, the shared timeline and screening campaigns
// (store/reports.h, store/tasks.h, store/screening.h). Instants are microseconds since
// the epoch so deadlines compare as numbers; scope paths are the materialized node paths
// that jurisdiction checks compare by prefix.
constexpr std::string_view kTasks = R"sql(
CREATE TABLE reports (
  id {{id}},
  reference TEXT NOT NULL UNIQUE,
  category TEXT NOT NULL,
  status TEXT NOT NULL,
  source TEXT NOT NULL,
  filed_by_user_id BIGINT NOT NULL,
  address TEXT NOT NULL,
  place_id BIGINT REFERENCES nodes(id),
  scope_path {{key}},
  description TEXT NOT NULL,
  contact TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  due_at BIGINT,
  version BIGINT NOT NULL
);
CREATE INDEX reports_scope ON reports (scope_path, id);
CREATE INDEX reports_due ON reports (due_at);

CREATE TABLE tasks (
  id {{id}},
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT NOT NULL,
  source TEXT NOT NULL,
  source_id BIGINT NOT NULL,
  subject_person_id BIGINT REFERENCES persons(id),
  unit_id BIGINT NOT NULL REFERENCES nodes(id),
  unit_path {{key}} NOT NULL,
  assignee_user_id BIGINT REFERENCES users(id),
  assignee_role TEXT,
  due_at BIGINT NOT NULL,
  created_by_user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  result TEXT,
  outcome TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX tasks_assignee ON tasks (assignee_user_id, status, due_at);
CREATE INDEX tasks_unit ON tasks (unit_id, status, due_at);
CREATE INDEX tasks_unit_path ON tasks (unit_path, id);
CREATE INDEX tasks_source ON tasks (source, source_id);

CREATE TABLE assist_requests (
  id {{id}},
  subject_type TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  from_user_id BIGINT NOT NULL,
  from_unit_id BIGINT REFERENCES nodes(id),
  from_path {{key}} NOT NULL,
  to_unit_id BIGINT NOT NULL REFERENCES nodes(id),
  to_path {{key}} NOT NULL,
  to_role TEXT,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  accepted_by_user_id BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX assist_requests_subject ON assist_requests (subject_type, subject_id);
CREATE INDEX assist_requests_to ON assist_requests (to_path, id);
CREATE INDEX assist_requests_from ON assist_requests (from_path, id);

CREATE TABLE timeline (
  id {{id}},
  subject_type TEXT NOT NULL,
  subject_id BIGINT NOT NULL,
  at BIGINT NOT NULL,
  actor_user_id BIGINT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX timeline_subject ON timeline (subject_type, subject_id, id);

CREATE TABLE screening_campaigns (
  id {{id}},
  name TEXT NOT NULL,
  scope_path {{key}} NOT NULL,
  due_date TEXT NOT NULL,
  created_by_user_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX screening_campaigns_scope ON screening_campaigns (scope_path, id);

CREATE TABLE screening_households (
  id {{id}},
  campaign_id BIGINT NOT NULL REFERENCES screening_campaigns(id),
  address_id BIGINT NOT NULL REFERENCES nodes(id),
  grid_id BIGINT NOT NULL REFERENCES nodes(id),
  status TEXT NOT NULL,
  visits INTEGER NOT NULL,
  last_result TEXT,
  last_visit_at BIGINT
);
CREATE UNIQUE INDEX screening_households_address ON screening_households (campaign_id, address_id);

CREATE TABLE screening_visits (
  id {{id}},
  campaign_id BIGINT NOT NULL REFERENCES screening_campaigns(id),
  household_id BIGINT NOT NULL REFERENCES screening_households(id),
  at BIGINT NOT NULL,
  by_user_id BIGINT NOT NULL,
  result TEXT NOT NULL,
  note TEXT NOT NULL,
  task_id BIGINT
);
CREATE INDEX screening_visits_household ON screening_visits (household_id, id);
)sql";

// What an arrival's registration answered besides the arrival itself, so that a retry
// with the same Idempotency-Key answers exactly the same (service/arrivals.h).
constexpr std::string_view kArrivalOutcome = R"sql(
ALTER TABLE arrivals ADD COLUMN person_created INTEGER NOT NULL DEFAULT 0;
ALTER TABLE arrivals ADD COLUMN fever INTEGER NOT NULL DEFAULT 0;
)sql";

// Covering indexes for the command dashboard (store/dashboard.h): the order census by end
// date, today's fevers, open alerts, cases by classification.
constexpr std::string_view kDashboard = R"sql(
CREATE INDEX quarantine_orders_census ON quarantine_orders (end_date, status, kind, start_date, grid_id);
CREATE INDEX health_checks_day ON health_checks (taken_on, temperature, order_id);
CREATE INDEX alerts_status ON alerts (status, kind, grid_id);
CREATE INDEX cases_classification ON cases (classification, outcome, person_id);
)sql";

// The tasks about one person, for the person page (GET /tasks?person_id=).
constexpr std::string_view kTaskSubjects = R"sql(
CREATE INDEX tasks_subject ON tasks (subject_person_id, id);
)sql";

// Follow-ups due for one grid (store/followups.h) read only this index for the orders:
// the grid's active orders with everything the list shows, no visit to the table.
constexpr std::string_view kFollowUpIndex = R"sql(
DROP INDEX quarantine_orders_grid;
CREATE INDEX quarantine_orders_grid ON quarantine_orders (grid_id, status, end_date, id,
  start_date, person_id, kind, policy_code, policy_version, created_at);
)sql";

// The checks of the day for a page of follow-ups (store/followups.h, list_slot_checks)
// read only this index: with the temperature in it (and the id, SQLite's rowid, always
// there) no check's row is visited.
constexpr std::string_view kSlotCheckIndex = R"sql(
DROP INDEX health_checks_order;
CREATE INDEX health_checks_order ON health_checks (order_id, taken_on, slot, temperature);
)sql";

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {1, "places", kPlaces},
      {2, "persons", kPersons},
      {3, "audit", kAudit},
      {4, "accounts", kAccounts},
      {5, "document_index", kDocumentIndex},
      {6, "quarantine", kQuarantine},
      {7, "sites", kSites},
      {8, "tasks", kTasks},
      {9, "cases", kCases},
      {11, "quarantine_records", kQuarantineRecords},
      {13, "arrival_outcome", kArrivalOutcome},
      {15, "dashboard", kDashboard},
      {16, "task_subjects", kTaskSubjects},
      {17, "follow_up_index", kFollowUpIndex},
      {18, "slot_check_index", kSlotCheckIndex},
  };
  return kAll;
}

Result<int> schema_version(SqlConnection& conn) {
  CORDON_RETURN_IF_ERROR(conn.execute_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  auto v = conn.query_int("SELECT MAX(version) FROM schema_migrations", {});
  if (!v.ok()) return v.status();
  return static_cast<int>(v->value_or(0));
}

Status apply_migrations(SqlConnection& conn) { return apply_migrations(conn, migrations()); }

Status apply_migrations(SqlConnection& conn, std::span<const Migration> list) {
  CORDON_RETURN_IF_ERROR(schema_version(conn).status());
  std::set<int64_t> applied;
  {
    CORDON_RETURN_IF_ERROR(conn.query("SELECT version FROM schema_migrations", {},
                                      [&](const SqlRow& row) { applied.insert(row.int64(0)); }));
  }
  for (const Migration& m : list) {
    if (applied.count(m.version)) continue;
    CORDON_RETURN_IF_ERROR(conn.execute_script("BEGIN"));
    Status s = conn.execute_script(expand_dialect(m.sql, conn.dialect()));
    if (s.ok()) {
      auto r = conn.execute(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, "
          "CURRENT_TIMESTAMP)",
          {int64_t{m.version}, std::string(m.name)});
      if (!r.ok()) s = r.status();
    }
    if (!s.ok()) {
      (void)conn.execute_script("ROLLBACK");
      return Status::internal("migration_failed", "migration " + std::to_string(m.version) +
                                                      " (" + std::string(m.name) +
                                                      ") failed: " + s.message());
    }
    CORDON_RETURN_IF_ERROR(conn.execute_script("COMMIT"));
  }
  return Status();
}

}  // namespace cordon::store

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

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {1, "places", kPlaces},
      {2, "persons", kPersons},
      {3, "audit", kAudit},
      {4, "accounts", kAccounts},
      {5, "document_index", kDocumentIndex},
      {8, "tasks", kTasks},
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

Status apply_migrations(SqlConnection& conn) {
  CORDON_RETURN_IF_ERROR(schema_version(conn).status());
  // Applied by version, not by "newer than the maximum": migrations of different
  // features may reach a database in another order than their numbers during development.
  std::set<int64_t> applied;
  {
    CORDON_RETURN_IF_ERROR(conn.query("SELECT version FROM schema_migrations", {},
                                      [&](const SqlRow& row) { applied.insert(row.int64(0)); }));
  }
  for (const Migration& m : migrations()) {
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

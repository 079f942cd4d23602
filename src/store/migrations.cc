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

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {1, "places", kPlaces},
      {2, "persons", kPersons},
      {3, "audit", kAudit},
      {4, "accounts", kAccounts},
      {5, "document_index", kDocumentIndex},
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

#include "store/accounts.h"

namespace cordon::store {

namespace {

constexpr const char* kUserColumns =
    "id, username, display_name, role, jurisdiction_id, password_hash, disabled, "
    "must_change_password, failed_logins, locked_until, created_at, updated_at";

std::optional<Instant> optional_instant(const SqlRow& r, int c) {
  if (r.is_null(c)) return std::nullopt;
  auto t = Instant::parse(r.text(c));
  return t.ok() ? std::optional<Instant>(*t) : std::nullopt;
}

SqlValue instant_value(const std::optional<Instant>& t) {
  if (!t) return std::monostate{};
  return t->to_string();
}

User read_user(const SqlRow& r) {
  User u;
  u.id = r.int64(0);
  u.username = r.text(1);
  u.display_name = r.text(2);
  u.role = r.text(3);
  u.jurisdiction_id = r.optional_int64(4);
  u.password_hash = r.text(5);
  u.disabled = r.int64(6) != 0;
  u.must_change_password = r.int64(7) != 0;
  u.failed_logins = static_cast<int>(r.int64(8));
  u.locked_until = optional_instant(r, 9);
  u.created_at = Instant::parse(r.text(10)).value();
  u.updated_at = Instant::parse(r.text(11)).value();
  return u;
}

Result<std::optional<User>> select_user(SqlConnection& conn, const char* where,
                                        const std::vector<SqlValue>& params) {
  std::optional<User> out;
  CORDON_RETURN_IF_ERROR(conn.query(std::string("SELECT ") + kUserColumns + " FROM users WHERE " + where,
                                    params, [&](const SqlRow& r) { out = read_user(r); }));
  return out;
}

ApiToken read_token(const SqlRow& r) {
  ApiToken t;
  t.id = r.int64(0);
  t.token_hash = r.text(1);
  t.user_id = r.int64(2);
  t.name = r.text(3);
  t.created_at = Instant::parse(r.text(4)).value();
  t.expires_at = optional_instant(r, 5);
  t.revoked_at = optional_instant(r, 6);
  return t;
}

constexpr const char* kTokenColumns =
    "id, token_hash, user_id, name, created_at, expires_at, revoked_at";

}  // namespace

Result<User> insert_user(SqlConnection& conn, User u) {
  std::optional<int64_t> id;
  Status s = conn.query(
      "INSERT INTO users (username, display_name, role, jurisdiction_id, password_hash, "
      "disabled, must_change_password, failed_logins, locked_until, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?) RETURNING id",
      {u.username, u.display_name, u.role, sql_int(u.jurisdiction_id), u.password_hash,
       int64_t{u.disabled}, int64_t{u.must_change_password}, u.created_at.to_string(),
       u.updated_at.to_string()},
      [&](const SqlRow& r) { id = r.int64(0); });
  if (s.code() == "unique_violation")
    return Status::conflict("duplicate_username", "this username is taken",
                            {{"username", "duplicate", "this username is taken"}});
  if (!s.ok()) return s;
  u.id = *id;
  return u;
}

Result<std::optional<User>> find_user(SqlConnection& conn, int64_t id) {
  return select_user(conn, "id = ?", {id});
}

Result<std::optional<User>> find_user_by_name(SqlConnection& conn, const std::string& username) {
  return select_user(conn, "username = ?", {username});
}

Result<std::vector<User>> list_users(SqlConnection& conn, const std::optional<std::string>& path,
                                     int64_t after_id, int limit) {
  std::vector<User> out;
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users WHERE id > ?";
  std::vector<SqlValue> params{after_id};
  if (path) {
    sql += " AND jurisdiction_id IN (SELECT id FROM nodes WHERE path >= ? AND path < ?)";
    params.push_back(*path);
    params.push_back(prefix_upper_bound(*path));
  }
  sql += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{limit});
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read_user(r)); }));
  return out;
}

Result<int64_t> count_users(SqlConnection& conn) {
  CORDON_ASSIGN_OR_RETURN(auto n, conn.query_int("SELECT COUNT(*) FROM users", {}));
  return n.value_or(0);
}

Status record_login_failure(SqlConnection& conn, int64_t id, int failed_logins,
                            std::optional<Instant> locked_until, Instant now) {
  return conn.execute("UPDATE users SET failed_logins = ?, locked_until = ?, updated_at = ? WHERE id = ?",
                      {int64_t{failed_logins}, instant_value(locked_until), now.to_string(), id})
      .status();
}

Status record_login_success(SqlConnection& conn, int64_t id, Instant now) {
  return conn.execute(
                 "UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = ? "
                 "WHERE id = ? AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
                 {now.to_string(), id})
      .status();
}

Status set_password(SqlConnection& conn, int64_t id, const std::string& hash, bool must_change,
                    Instant now) {
  return conn.execute(
                 "UPDATE users SET password_hash = ?, must_change_password = ?, failed_logins = 0, "
                 "locked_until = NULL, updated_at = ? WHERE id = ?",
                 {hash, int64_t{must_change}, now.to_string(), id})
      .status();
}

Status set_disabled(SqlConnection& conn, int64_t id, bool disabled, Instant now) {
  return conn.execute("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?",
                      {int64_t{disabled}, now.to_string(), id})
      .status();
}

Status insert_session(SqlConnection& conn, const Session& s) {
  return conn.execute(
                 "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                 "VALUES (?, ?, ?, ?, ?)",
                 {s.token_hash, s.user_id, s.csrf_token, s.created_at.to_string(),
                  s.expires_at.to_string()})
      .status();
}

Result<std::optional<Session>> find_session(SqlConnection& conn, const std::string& token_hash) {
  std::optional<Session> out;
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
      "WHERE token_hash = ?",
      {token_hash}, [&](const SqlRow& r) {
        out = Session{r.text(0), r.int64(1), r.text(2), Instant::parse(r.text(3)).value(),
                      Instant::parse(r.text(4)).value()};
      }));
  return out;
}

Status delete_session(SqlConnection& conn, const std::string& token_hash) {
  return conn.execute("DELETE FROM sessions WHERE token_hash = ?", {token_hash}).status();
}

Status delete_user_sessions(SqlConnection& conn, int64_t user_id) {
  return conn.execute("DELETE FROM sessions WHERE user_id = ?", {user_id}).status();
}

Result<ApiToken> insert_api_token(SqlConnection& conn, ApiToken t) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at, revoked_at) "
      "VALUES (?, ?, ?, ?, ?, NULL) RETURNING id",
      {t.token_hash, t.user_id, t.name, t.created_at.to_string(), instant_value(t.expires_at)},
      [&](const SqlRow& r) { id = r.int64(0); }));
  t.id = *id;
  return t;
}

Result<std::optional<ApiToken>> find_api_token(SqlConnection& conn, const std::string& token_hash) {
  std::optional<ApiToken> out;
  CORDON_RETURN_IF_ERROR(conn.query(std::string("SELECT ") + kTokenColumns +
                                        " FROM api_tokens WHERE token_hash = ?",
                                    {token_hash}, [&](const SqlRow& r) { out = read_token(r); }));
  return out;
}

Result<std::vector<ApiToken>> list_api_tokens(SqlConnection& conn, int64_t user_id) {
  std::vector<ApiToken> out;
  CORDON_RETURN_IF_ERROR(conn.query(std::string("SELECT ") + kTokenColumns +
                                        " FROM api_tokens WHERE user_id = ? ORDER BY id",
                                    {user_id}, [&](const SqlRow& r) { out.push_back(read_token(r)); }));
  return out;
}

Result<bool> revoke_api_token(SqlConnection& conn, int64_t id, int64_t user_id, Instant now) {
  CORDON_ASSIGN_OR_RETURN(int64_t changed,
                          conn.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND "
                                       "user_id = ? AND revoked_at IS NULL",
                                       {now.to_string(), id, user_id}));
  return changed > 0;
}

}  // namespace cordon::store

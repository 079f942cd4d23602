// Repository of staff accounts, their browser sessions and their API tokens. Secrets are
// never stored: sessions and tokens are kept as SHA-256 hashes of the random value the
// client holds, passwords as argon2id strings (see service/auth.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string role;  // a core/permissions.h role name
  // The node the account is confined to; nullopt: the whole deployment (the first
  // administrator, before any place exists).
  std::optional<int64_t> jurisdiction_id;
  std::string password_hash;
  bool disabled = false;
  bool must_change_password = false;
  int failed_logins = 0;
  std::optional<Instant> locked_until;
  Instant created_at;
  Instant updated_at;
};

// Inserts; fills id. Conflict "duplicate_username" (field username) when taken.
Result<User> insert_user(SqlConnection& conn, User user);
Result<std::optional<User>> find_user(SqlConnection& conn, int64_t id);
Result<std::optional<User>> find_user_by_name(SqlConnection& conn, const std::string& username);
// Users whose jurisdiction lies below `path` (all when nullopt), by id after `after_id`.
Result<std::vector<User>> list_users(SqlConnection& conn, const std::optional<std::string>& path,
                                     int64_t after_id, int limit);
Result<int64_t> count_users(SqlConnection& conn);
Status record_login_failure(SqlConnection& conn, int64_t id, int failed_logins,
                            std::optional<Instant> locked_until, Instant now);
Status record_login_success(SqlConnection& conn, int64_t id, Instant now);
Status set_password(SqlConnection& conn, int64_t id, const std::string& hash,
                    bool must_change, Instant now);
Status set_disabled(SqlConnection& conn, int64_t id, bool disabled, Instant now);

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  Instant created_at;
  Instant expires_at;
};

Status insert_session(SqlConnection& conn, const Session& session);
Result<std::optional<Session>> find_session(SqlConnection& conn, const std::string& token_hash);
Status delete_session(SqlConnection& conn, const std::string& token_hash);
Status delete_user_sessions(SqlConnection& conn, int64_t user_id);

struct ApiToken {
  int64_t id = 0;
  std::string token_hash;
  int64_t user_id = 0;
  std::string name;
  Instant created_at;
  std::optional<Instant> expires_at;
  std::optional<Instant> revoked_at;
};

Result<ApiToken> insert_api_token(SqlConnection& conn, ApiToken token);
Result<std::optional<ApiToken>> find_api_token(SqlConnection& conn, const std::string& token_hash);
Result<std::vector<ApiToken>> list_api_tokens(SqlConnection& conn, int64_t user_id);
// Revokes token `id` of `user_id`; false when there is no such live token.
Result<bool> revoke_api_token(SqlConnection& conn, int64_t id, int64_t user_id, Instant now);

}  // namespace cordon::store

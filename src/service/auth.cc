#include "service/auth.h"

#include <sodium.h>

#include <cstdlib>

#include "core/permissions.h"
#include "core/text.h"
#include "service/audit.h"
#include "store/audit.h"
#include "store/nodes.h"

namespace cordon::service {

namespace {

struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) std::abort();  // no safe randomness: nothing secure can follow
  }
};

void ensure_sodium() { static SodiumInit once; }

std::string to_hex(const unsigned char* data, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 15];
  }
  return out;
}

Status invalid_credentials() {
  return Status::unauthenticated("invalid_credentials", "wrong username or password");
}

Status user_not_found() { return Status::not_found("user_not_found", "no such account"); }

Result<User> load_visible_user(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto user, store::find_user(conn, id));
  if (!user) return user_not_found();
  if (actor.jurisdiction_path) {
    if (!user->jurisdiction_id) return user_not_found();
    CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *user->jurisdiction_id));
    if (!node || !actor.can_see_path(node->path)) return user_not_found();
  }
  return std::move(*user);
}

Status check_new_password(const std::string& username, const std::string& password,
                          std::size_t min_length, const char* field) {
  if (utf8_length(password) < min_length)
    return Status::invalid_field(field, "password_too_short",
                                 "a password needs at least " + std::to_string(min_length) +
                                     " characters");
  if (ascii_lower(password) == ascii_lower(username))
    return Status::invalid_field(field, "password_is_username",
                                 "the password may not be the username");
  return Status();
}

}  // namespace

std::string hash_password(const std::string& password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    std::abort();  // out of memory for the hash: not a condition to continue from
  return out;
}

bool verify_password(const std::string& hash, const std::string& password) {
  ensure_sodium();
  if (hash.empty()) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return to_hex(buf.data(), buf.size());
}

std::string random_password() {
  ensure_sodium();
  static constexpr std::string_view kAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i)
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  return out;
}

std::string token_hash(const std::string& token) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return to_hex(digest, sizeof digest);
}

Result<Actor> AuthService::actor_for(store::SqlConnection& conn, const User& user) {
  Actor a;
  a.user_id = user.id;
  a.name = user.username;
  a.role = user.role;
  a.must_change_password = user.must_change_password;
  if (user.jurisdiction_id) {
    CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *user.jurisdiction_id));
    if (!node) return Status::internal("jurisdiction_missing", "the account's jurisdiction is gone");
    a.jurisdiction_id = node->id;
    a.jurisdiction_path = node->path;
  }
  return a;
}

bool AuthService::address_blocked(const std::string& address, Instant now) {
  std::lock_guard lock(mu_);
  auto it = failures_by_address_.find(address);
  if (it == failures_by_address_.end()) return false;
  auto& times = it->second;
  Instant cutoff = now.plus_seconds(-policy_.address_window.count());
  std::erase_if(times, [&](Instant t) { return t < cutoff; });
  if (times.empty()) {
    failures_by_address_.erase(it);
    return false;
  }
  return static_cast<int>(times.size()) >= policy_.max_attempts_per_address;
}

void AuthService::note_address_failure(const std::string& address, Instant now) {
  std::lock_guard lock(mu_);
  failures_by_address_[address].push_back(now);
}

namespace {
// At most this many credentials are remembered; past it the cache starts again empty.
constexpr std::size_t kMaxCachedActors = 10000;
}  // namespace

Result<AuthService::SessionActor> AuthService::resolve(char kind, const std::string& token,
                                                      Instant now, const ResolveFn& load) {
  const std::string hash = token_hash(token);
  const std::string key = kind + hash;
  const bool cached = policy_.actor_cache.count() > 0;
  uint64_t generation = 0;
  if (cached) {
    std::lock_guard lock(cache_mu_);
    auto it = actors_.find(key);
    if (it != actors_.end()) {
      const CachedActor& entry = it->second;
      if (std::chrono::steady_clock::now() < entry.stale_at &&
          (!entry.expires_at || *entry.expires_at > now))
        return entry.resolved;
      actors_.erase(it);
    }
    generation = generation_;
  }
  CachedActor entry;
  CORDON_RETURN_IF_ERROR(ctx_.store.read(
      [&](store::SqlConnection& conn) { return load(conn, hash, entry); }));
  if (cached) {
    entry.stale_at = std::chrono::steady_clock::now() + policy_.actor_cache;
    std::lock_guard lock(cache_mu_);
    // An account write since the read began may have changed what it read: not kept.
    if (generation == generation_) {
      if (actors_.size() >= kMaxCachedActors) actors_.clear();
      actors_.insert_or_assign(key, entry);
    }
  }
  return std::move(entry.resolved);
}

Status AuthService::write_accounts(const store::Work& work) {
  Status s = ctx_.store.write(work);
  // Emptied after the write, whatever its outcome: a resolution read before it is gone,
  // and one read during it carries the old generation and is not kept.
  std::lock_guard lock(cache_mu_);
  ++generation_;
  actors_.clear();
  return s;
}

Result<LoginResult> AuthService::login(const std::string& username, const std::string& password,
                                       const std::string& remote_address) {
  Instant now = ctx_.clock.now();
  if (address_blocked(remote_address, now))
    return Status::too_many_requests("too_many_attempts",
                                     "too many failed sign-ins from this address; wait and retry");
  std::optional<User> user;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(user, store::find_user_by_name(conn, trim(username)));
    return Status();
  }));
  Actor who;
  who.user_id = user ? user->id : 0;
  who.name = user ? user->username : "anonymous";
  who.remote_address = remote_address;
  if (!user) {
    record_read(ctx_, audit_entry(ctx_, who, "user.login_failed", "user", 0,
                                  "unknown username " + trim(username).substr(0, 64)));
    // Spend the same time as a real check so response times do not reveal usernames.
    static const std::string kDummy = hash_password("cordon-timing-equalizer");
    (void)verify_password(kDummy, password);
    note_address_failure(remote_address, now);
    return invalid_credentials();
  }
  if (user->locked_until && *user->locked_until > now)
    return Status::too_many_requests("account_locked",
                                     "this account is locked after repeated failed sign-ins "
                                     "until " + user->locked_until->to_string());
  if (!verify_password(user->password_hash, password)) {
    note_address_failure(remote_address, now);
    int failures = user->failed_logins + 1;
    std::optional<Instant> locked;
    if (failures >= policy_.max_failed_logins) {
      locked = now.plus_seconds(policy_.lockout.count());
      failures = 0;
    }
    CORDON_RETURN_IF_ERROR(write_accounts([&](store::SqlConnection& conn) -> Status {
      CORDON_RETURN_IF_ERROR(store::record_login_failure(conn, user->id, failures, locked, now));
      return store::append_audit(conn, audit_entry(ctx_, who, "user.login_failed", "user",
                                                   user->id, locked ? "account locked" : ""));
    }));
    return invalid_credentials();
  }
  if (user->disabled)
    return Status::unauthenticated("account_disabled", "this account is disabled");

  LoginResult out;
  out.session_token = random_token();
  out.csrf_token = random_token(16);
  out.expires_at = now.plus_seconds(policy_.session_lifetime.count());
  store::Session session{token_hash(out.session_token), user->id, out.csrf_token, now,
                         out.expires_at};
  CORDON_RETURN_IF_ERROR(write_accounts([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(store::record_login_success(conn, user->id, now));
    CORDON_RETURN_IF_ERROR(store::insert_session(conn, session));
    return store::append_audit(conn, audit_entry(ctx_, who, "user.login", "user", user->id));
  }));
  user->failed_logins = 0;
  user->locked_until.reset();
  out.user = std::move(*user);
  return out;
}

Result<AuthService::SessionActor> AuthService::authenticate_session(const std::string& token) {
  Instant now = ctx_.clock.now();
  Status invalid = Status::unauthenticated("session_invalid", "sign in again");
  return resolve('s', token, now,
                 [&](store::SqlConnection& conn, const std::string& hash,
                     CachedActor& entry) -> Status {
                   CORDON_ASSIGN_OR_RETURN(auto session, store::find_session(conn, hash));
                   if (!session || session->expires_at <= now) return invalid;
                   CORDON_ASSIGN_OR_RETURN(auto user, store::find_user(conn, session->user_id));
                   if (!user || user->disabled) return invalid;
                   CORDON_ASSIGN_OR_RETURN(entry.resolved.actor, actor_for(conn, *user));
                   entry.resolved.csrf_token = session->csrf_token;
                   entry.expires_at = session->expires_at;
                   return Status();
                 });
}

Result<Actor> AuthService::authenticate_token(const std::string& token) {
  Instant now = ctx_.clock.now();
  Status invalid = Status::unauthenticated("token_invalid", "the API token is not valid");
  CORDON_ASSIGN_OR_RETURN(
      auto resolved,
      resolve('t', token, now,
              [&](store::SqlConnection& conn, const std::string& hash,
                  CachedActor& entry) -> Status {
                CORDON_ASSIGN_OR_RETURN(auto t, store::find_api_token(conn, hash));
                if (!t || t->revoked_at || (t->expires_at && *t->expires_at <= now))
                  return invalid;
                CORDON_ASSIGN_OR_RETURN(auto user, store::find_user(conn, t->user_id));
                if (!user || user->disabled) return invalid;
                CORDON_ASSIGN_OR_RETURN(entry.resolved.actor, actor_for(conn, *user));
                entry.expires_at = t->expires_at;
                return Status();
              }));
  return std::move(resolved.actor);
}

Status AuthService::logout(const std::string& session_token) {
  return write_accounts([&](store::SqlConnection& conn) {
    return store::delete_session(conn, token_hash(session_token));
  });
}

Status AuthService::change_password(const Actor& actor, const std::string& current,
                                    const std::string& next) {
  Instant now = ctx_.clock.now();
  std::optional<User> user;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(user, store::find_user(conn, actor.user_id));
    return Status();
  }));
  if (!user) return user_not_found();
  if (!verify_password(user->password_hash, current))
    return Status::invalid_field("current_password", "wrong_password",
                                 "the current password is wrong");
  CORDON_RETURN_IF_ERROR(
      check_new_password(user->username, next, policy_.min_password_length, "new_password"));
  if (next == current)
    return Status::invalid_field("new_password", "password_unchanged",
                                 "the new password must differ from the current one");
  std::string hash = hash_password(next);
  return write_accounts([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(store::set_password(conn, user->id, hash, false, now));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "user.password_change", "user", user->id)));
    return store::delete_user_sessions(conn, user->id);
  });
}

Result<CreatedToken> AuthService::create_api_token(const Actor& actor,
                                                   const std::optional<std::string>& name) {
  std::string label = trim(name.value_or(""));
  if (label.empty()) return Status::invalid_field("name", "required", "name the token's use");
  if (utf8_length(label) > 100)
    return Status::invalid_field("name", "too_long", "a token name has at most 100 characters");
  CreatedToken out;
  out.secret = "cordon_" + random_token();
  store::ApiToken t;
  t.token_hash = token_hash(out.secret);
  t.user_id = actor.user_id;
  t.name = label;
  t.created_at = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(write_accounts([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out.token, store::insert_api_token(conn, t));
    return store::append_audit(conn, audit_entry(ctx_, actor, "token.create", "user",
                                                 actor.user_id, label));
  }));
  return out;
}

Result<std::vector<store::ApiToken>> AuthService::list_api_tokens(const Actor& actor) {
  std::vector<store::ApiToken> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, store::list_api_tokens(conn, actor.user_id));
    return Status();
  }));
  return out;
}

Status AuthService::revoke_api_token(const Actor& actor, int64_t id) {
  Instant now = ctx_.clock.now();
  return write_accounts([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(bool revoked, store::revoke_api_token(conn, id, actor.user_id, now));
    if (!revoked) return Status::not_found("token_not_found", "no such live token");
    return store::append_audit(conn, audit_entry(ctx_, actor, "token.revoke", "user",
                                                 actor.user_id, "token " + std::to_string(id)));
  });
}

Result<CreatedUser> AuthService::create_user(const Actor& actor, const UserInput& in) {
  Validation v;
  std::string username = trim(in.username.value_or(""));
  if (username.empty()) v.add("username", "required", "a username is required");
  else if (username.size() > 64 || username.find_first_of(" \t/:") != std::string::npos)
    v.add("username", "invalid", "a username has at most 64 characters and no spaces, '/' or ':'");
  std::optional<Role> role;
  if (!in.role) v.add("role", "required", "a role is required");
  else if (!(role = parse_role(*in.role))) v.add("role", "invalid", "unknown role");
  if (!in.jurisdiction_id && actor.jurisdiction_path)
    v.add("jurisdiction_id", "required", "a jurisdiction is required");
  if (in.password) {
    Status s = check_new_password(username, *in.password, policy_.min_password_length, "password");
    if (!s.ok()) v.add(s);
  }
  CORDON_RETURN_IF_ERROR(v.status());

  CreatedUser out;
  std::string password = in.password ? *in.password : random_password();
  if (!in.password) out.one_time_password = password;
  User user;
  user.username = username;
  user.display_name = trim(in.display_name.value_or(username));
  user.role = role_name(*role);
  user.jurisdiction_id = in.jurisdiction_id;
  user.password_hash = hash_password(password);
  user.must_change_password = !in.password;
  user.created_at = user.updated_at = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(write_accounts([&](store::SqlConnection& conn) -> Status {
    if (user.jurisdiction_id) {
      CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *user.jurisdiction_id));
      if (!node || !actor.can_see_path(node->path))
        return Status::invalid_field("jurisdiction_id", "not_found", "no such jurisdiction");
      if (!is_jurisdiction(node->kind))
        return Status::invalid_field("jurisdiction_id", "not_a_jurisdiction",
                                     "an account belongs to a jurisdiction, not an address");
    }
    CORDON_ASSIGN_OR_RETURN(out.user, store::insert_user(conn, user));
    return store::append_audit(conn, audit_entry(ctx_, actor, "user.create", "user",
                                                 out.user.id, out.user.role));
  }));
  return out;
}

Result<std::vector<User>> AuthService::list_users(const Actor& actor, int64_t after_id, int limit) {
  std::vector<User> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, store::list_users(conn, actor.jurisdiction_path, after_id, limit));
    return Status();
  }));
  return out;
}

Result<User> AuthService::get_user(const Actor& actor, int64_t id) {
  User out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_user(conn, actor, id));
    return Status();
  }));
  return out;
}

Result<User> AuthService::get_user_by_name(const Actor& actor, const std::string& username) {
  User out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto user, store::find_user_by_name(conn, username));
    if (!user) return user_not_found();
    CORDON_ASSIGN_OR_RETURN(out, load_visible_user(conn, actor, user->id));
    return Status();
  }));
  return out;
}

Result<User> AuthService::set_disabled(const Actor& actor, int64_t id, bool disabled) {
  if (disabled && id == actor.user_id)
    return Status::conflict("cannot_disable_self", "an account cannot disable itself");
  Instant now = ctx_.clock.now();
  User out;
  CORDON_RETURN_IF_ERROR(write_accounts([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_user(conn, actor, id));
    CORDON_RETURN_IF_ERROR(store::set_disabled(conn, id, disabled, now));
    if (disabled) CORDON_RETURN_IF_ERROR(store::delete_user_sessions(conn, id));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, disabled ? "user.disable" : "user.enable", "user", id)));
    out.disabled = disabled;
    out.updated_at = now;
    return Status();
  }));
  return out;
}

Result<std::string> AuthService::reset_password(const Actor& actor, int64_t id) {
  std::string password = random_password();
  std::string hash = hash_password(password);
  Instant now = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(write_accounts([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_visible_user(conn, actor, id));
    CORDON_RETURN_IF_ERROR(store::set_password(conn, id, hash, true, now));
    CORDON_RETURN_IF_ERROR(
        store::append_audit(conn, audit_entry(ctx_, actor, "user.reset_password", "user", id)));
    return store::delete_user_sessions(conn, id);
  }));
  return password;
}

Result<CreatedUser> AuthService::create_first_administrator(const std::string& username) {
  CreatedUser out;
  out.one_time_password = random_password();
  User user;
  user.username = username;
  user.display_name = username;
  user.role = role_name(Role::kAdministrator);
  user.password_hash = hash_password(*out.one_time_password);
  user.must_change_password = true;
  user.created_at = user.updated_at = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(write_accounts([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(int64_t n, store::count_users(conn));
    if (n > 0)
      return Status::conflict("already_initialized",
                              "this database already has accounts; use `cordon user add`");
    CORDON_ASSIGN_OR_RETURN(out.user, store::insert_user(conn, user));
    return store::append_audit(conn, audit_entry(ctx_, Actor::system(), "user.create", "user",
                                                 out.user.id, "first administrator"));
  }));
  return out;
}

}  // namespace cordon::service

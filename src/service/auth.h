// Accounts and authentication: passwords (argon2id via libsodium), browser sessions with
// a CSRF token, bearer API tokens, lockout after repeated failures, and the management of
// accounts by administrators.
//
// Secrets handed to clients (session tokens, API tokens, one-time passwords) are random
// values from libsodium, shown once and stored only as hashes.
//
// Thread-safe: the per-address attempt counter and the cache of resolved credentials are
// guarded by mutexes; everything else is in the store.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "service/context.h"
#include "store/accounts.h"

namespace cordon::service {

struct AuthPolicy {
  int max_failed_logins = 5;                     // consecutive, per account
  std::chrono::seconds lockout{15 * 60};         // then the account is locked this long
  int max_attempts_per_address = 30;             // failed logins per address per window
  std::chrono::seconds address_window{10 * 60};
  std::chrono::seconds session_lifetime{12 * 3600};
  std::size_t min_password_length = 10;
  // How long a resolved session or API token is reused without reading the store again
  // (a SHA-256 and three reads per request otherwise). A change made through this server
  // (sign-out, revocation, disabling, a password change) takes effect at once; one made
  // through another server on the same database within this time. Zero: no cache.
  std::chrono::milliseconds actor_cache{2000};
};

struct UserInput {
  std::optional<std::string> username;
  std::optional<std::string> display_name;
  std::optional<std::string> role;
  std::optional<int64_t> jurisdiction_id;
  std::optional<std::string> password;  // absent: a one-time password is generated
};

// The records of accounts, named here so that the HTTP layer reaches them through the
// service and never includes the store.
using User = store::User;
using ApiToken = store::ApiToken;

struct CreatedUser {
  User user;
  std::optional<std::string> one_time_password;  // set when the server chose the password
};

struct LoginResult {
  User user;
  std::string session_token;  // goes into the HttpOnly cookie
  std::string csrf_token;     // the client echoes it in X-CSRF-Token
  Instant expires_at;
};

struct CreatedToken {
  store::ApiToken token;
  std::string secret;  // shown once
};

class AuthService {
 public:
  explicit AuthService(Context& ctx, AuthPolicy policy = {}) : ctx_(ctx), policy_(policy) {}

  // Signs in. Unauthenticated "invalid_credentials" for an unknown user or wrong password
  // (the same answer for both), "account_disabled"; too_many_requests "account_locked"
  // after repeated failures, "too_many_attempts" when one address fails too often.
  Result<LoginResult> login(const std::string& username, const std::string& password,
                            const std::string& remote_address);

  // Resolves a session token (cookie) into the actor and its CSRF token.
  // Unauthenticated "session_invalid" when unknown or expired, or the account disabled.
  struct SessionActor {
    Actor actor;
    std::string csrf_token;
  };
  Result<SessionActor> authenticate_session(const std::string& token);
  // Resolves an API token. Unauthenticated "token_invalid" when unknown, revoked,
  // expired, or its account disabled.
  Result<Actor> authenticate_token(const std::string& token);

  Status logout(const std::string& session_token);
  // Checks the current password; the new one must be at least min_password_length and
  // differ from the username. Ends the actor's other sessions.
  Status change_password(const Actor& actor, const std::string& current,
                         const std::string& next);

  Result<CreatedToken> create_api_token(const Actor& actor, const std::optional<std::string>& name);
  Result<std::vector<store::ApiToken>> list_api_tokens(const Actor& actor);
  Status revoke_api_token(const Actor& actor, int64_t id);

  // Account management, confined to the actor's jurisdiction: the new account's
  // jurisdiction must lie inside the actor's.
  Result<CreatedUser> create_user(const Actor& actor, const UserInput& input);
  Result<std::vector<User>> list_users(const Actor& actor, int64_t after_id, int limit);
  Result<User> get_user(const Actor& actor, int64_t id);
  // The account with login name `username`; not found also outside the jurisdiction.
  Result<User> get_user_by_name(const Actor& actor, const std::string& username);
  Result<User> set_disabled(const Actor& actor, int64_t id, bool disabled);
  // A new one-time password; the account must change it at next sign-in.
  Result<std::string> reset_password(const Actor& actor, int64_t id);

  // For `cordon init`: the first administrator, over the whole deployment, with a
  // one-time password. Conflict "already_initialized" when any account exists.
  Result<CreatedUser> create_first_administrator(const std::string& username);

  // The actor an account acts as (role, jurisdiction path).
  static Result<Actor> actor_for(store::SqlConnection& conn, const User& user);

 private:
  bool address_blocked(const std::string& address, Instant now);
  void note_address_failure(const std::string& address, Instant now);

  // A credential resolved recently: the actor, the session's CSRF token, when the
  // credential itself expires (sessions, tokens with an end) and when the entry goes stale.
  struct CachedActor {
    SessionActor resolved;
    std::optional<Instant> expires_at;
    std::chrono::steady_clock::time_point stale_at;
  };
  // Resolves the secret `token` of `kind` ('s' a session, 't' an API token): from the
  // cache while fresh and unexpired, else by `load` on a read connection (given the
  // secret's hash; it fills the entry or fails), then kept for actor_cache unless an
  // account write happened meanwhile (it may have read the state before that write).
  using ResolveFn =
      std::function<Status(store::SqlConnection&, const std::string& hash, CachedActor&)>;
  Result<SessionActor> resolve(char kind, const std::string& token, Instant now,
                               const ResolveFn& load);
  // Every write to accounts, sessions or tokens goes through here: it empties the cache.
  Status write_accounts(const store::Work& work);

  Context& ctx_;
  AuthPolicy policy_;
  std::mutex mu_;
  std::map<std::string, std::vector<Instant>> failures_by_address_;  // guarded by mu_
  std::mutex cache_mu_;
  std::unordered_map<std::string, CachedActor> actors_;  // guarded by cache_mu_
  uint64_t generation_ = 0;                              // guarded by cache_mu_
};

// Password hashing (argon2id, libsodium's interactive limits) and secrets.
std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
// A random secret of `bytes` bytes as lowercase hex.
std::string random_token(std::size_t bytes = 32);
// A one-time password: 16 characters without look-alikes (no 0/O, 1/l/I).
std::string random_password();
// SHA-256 of a secret, hex: what the store keeps.
std::string token_hash(const std::string& token);

}  // namespace cordon::service

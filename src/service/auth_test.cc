#include "service/auth.h"

#include <chrono>
#include <thread>

#include "service/test_fixture.h"

namespace cordon::service {
namespace {

class AuthServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    auth_ = std::make_unique<AuthService>(*ctx_);
    UserInput in;
    in.username = "zhang";
    in.role = "grid_worker";
    in.jurisdiction_id = grid_a_.id;
    in.password = "grid-a-secret";
    auto u = auth_->create_user(Actor::system(), in);
    ASSERT_TRUE(u.ok()) << u.status().to_string();
  }
  std::unique_ptr<AuthService> auth_;
};

TEST_F(AuthServiceTest, SessionExpiresAfterItsLifetime) {
  auto login = auth_->login("zhang", "grid-a-secret", "10.0.0.1");
  ASSERT_TRUE(login.ok());
  auto actor = auth_->authenticate_session(login->session_token);
  ASSERT_TRUE(actor.ok());
  EXPECT_EQ(actor->actor.jurisdiction_path, grid_a_.path);
  EXPECT_EQ(actor->csrf_token, login->csrf_token);
  clock_.advance_seconds(12 * 3600 - 1);
  EXPECT_TRUE(auth_->authenticate_session(login->session_token).ok());
  clock_.advance_seconds(1);
  EXPECT_EQ(auth_->authenticate_session(login->session_token).status().code(), "session_invalid");
}

TEST_F(AuthServiceTest, LockoutLastsItsTimeThenLifts) {
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(auth_->login("zhang", "wrong", "10.0.0.2").status().code(), "invalid_credentials");
  EXPECT_EQ(auth_->login("zhang", "grid-a-secret", "10.0.0.3").status().code(), "account_locked");
  clock_.advance_seconds(15 * 60 - 1);
  EXPECT_EQ(auth_->login("zhang", "grid-a-secret", "10.0.0.3").status().code(), "account_locked");
  clock_.advance_seconds(1);
  EXPECT_TRUE(auth_->login("zhang", "grid-a-secret", "10.0.0.3").ok());
}

TEST_F(AuthServiceTest, OneAddressFailingTooOftenIsThrottled) {
  // Failures spread over unknown usernames never lock an account, so the address limit
  // is what stops a guesser.
  for (int i = 0; i < 30; ++i)
    EXPECT_EQ(auth_->login("user" + std::to_string(i), "x", "10.9.9.9").status().code(),
              "invalid_credentials");
  auto blocked = auth_->login("zhang", "grid-a-secret", "10.9.9.9");
  EXPECT_EQ(blocked.status().code(), "too_many_attempts");
  EXPECT_EQ(blocked.status().kind(), Status::Kind::kTooManyRequests);
  // Another address is unaffected, and the window slides.
  EXPECT_TRUE(auth_->login("zhang", "grid-a-secret", "10.9.9.8").ok());
  clock_.advance_seconds(10 * 60 + 1);
  EXPECT_TRUE(auth_->login("zhang", "grid-a-secret", "10.9.9.9").ok());
}

TEST_F(AuthServiceTest, RevokedAndUnknownTokensAreRefused) {
  auto login = auth_->login("zhang", "grid-a-secret", "10.0.0.1");
  ASSERT_TRUE(login.ok());
  auto actor = auth_->authenticate_session(login->session_token)->actor;
  auto token = auth_->create_api_token(actor, std::string("tablet"));
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(auth_->authenticate_token(token->secret).ok());
  ASSERT_TRUE(auth_->revoke_api_token(actor, token->token.id).ok());
  EXPECT_EQ(auth_->authenticate_token(token->secret).status().code(), "token_invalid");
  EXPECT_EQ(auth_->authenticate_token("cordon_nope").status().code(), "token_invalid");
  EXPECT_EQ(auth_->create_api_token(actor, std::string(" ")).status().code(), "required");
}

TEST_F(AuthServiceTest, DisablingEndsSessionsAndTokens) {
  auto login = auth_->login("zhang", "grid-a-secret", "10.0.0.1");
  ASSERT_TRUE(login.ok());
  auto actor = auth_->authenticate_session(login->session_token)->actor;
  auto token = auth_->create_api_token(actor, std::string("tablet"));
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(auth_->set_disabled(Actor::system(), actor.user_id, true).ok());
  EXPECT_FALSE(auth_->authenticate_session(login->session_token).ok());
  EXPECT_FALSE(auth_->authenticate_token(token->secret).ok());
}

TEST_F(AuthServiceTest, TokenRevokedThroughAnotherServerStopsWorkingWithinTheCacheTime) {
  // Two servers on one database: `here` caches what it resolved for 100 ms, `there`
  // revokes the token. `here` learns of it when its cache entry goes stale.
  AuthPolicy policy;
  policy.actor_cache = std::chrono::milliseconds(100);
  AuthService here(*ctx_, policy);
  AuthService there(*ctx_, policy);
  auto login = here.login("zhang", "grid-a-secret", "10.0.0.1");
  ASSERT_TRUE(login.ok());
  auto actor = here.authenticate_session(login->session_token)->actor;
  auto token = here.create_api_token(actor, std::string("tablet"));
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(here.authenticate_token(token->secret).ok());
  ASSERT_TRUE(there.revoke_api_token(actor, token->token.id).ok());
  EXPECT_EQ(there.authenticate_token(token->secret).status().code(), "token_invalid");
  EXPECT_TRUE(here.authenticate_token(token->secret).ok()) << "served from the cache";
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(here.authenticate_token(token->secret).status().code(), "token_invalid");

  // Without a cache the revocation is seen at once.
  AuthPolicy uncached;
  uncached.actor_cache = std::chrono::milliseconds(0);
  AuthService strict(*ctx_, uncached);
  auto second = strict.create_api_token(actor, std::string("phone"));
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(strict.authenticate_token(second->secret).ok());
  ASSERT_TRUE(there.revoke_api_token(actor, second->token.id).ok());
  EXPECT_EQ(strict.authenticate_token(second->secret).status().code(), "token_invalid");
}

TEST_F(AuthServiceTest, CachedSessionStillEndsAtItsExpiryAndAtSignOut) {
  AuthPolicy policy;
  policy.actor_cache = std::chrono::hours(1);
  AuthService auth(*ctx_, policy);
  auto login = auth.login("zhang", "grid-a-secret", "10.0.0.1");
  ASSERT_TRUE(login.ok());
  ASSERT_TRUE(auth.authenticate_session(login->session_token).ok());
  clock_.advance_seconds(12 * 3600);
  EXPECT_EQ(auth.authenticate_session(login->session_token).status().code(), "session_invalid");

  auto again = auth.login("zhang", "grid-a-secret", "10.0.0.1");
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(auth.authenticate_session(again->session_token).ok());
  ASSERT_TRUE(auth.logout(again->session_token).ok());
  EXPECT_EQ(auth.authenticate_session(again->session_token).status().code(), "session_invalid");
}

TEST_F(AuthServiceTest, ConfinedAdministratorManagesOnlyItsJurisdiction) {
  Actor admin_b = confined_to(grid_b_);
  admin_b.role = "administrator";
  UserInput in;
  in.username = "li";
  in.role = "grid_worker";
  in.jurisdiction_id = grid_a_.id;
  EXPECT_EQ(auth_->create_user(admin_b, in).status().errors().at(0).field, "jurisdiction_id");
  auto users = auth_->list_users(admin_b, 0, 50);
  ASSERT_TRUE(users.ok());
  EXPECT_TRUE(users->empty());  // zhang belongs to grid A
}

TEST(Passwords, HashVerifiesOnlyTheSamePassword) {
  std::string h = hash_password("correct horse");
  EXPECT_TRUE(h.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password(h, "correct horse"));
  EXPECT_FALSE(verify_password(h, "correct horsf"));
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_NE(random_token(), random_token());
  EXPECT_EQ(random_token(16).size(), 32u);
  EXPECT_EQ(token_hash("abc").size(), 64u);
  EXPECT_EQ(random_password().size(), 16u);
}

}  // namespace
}  // namespace cordon::service

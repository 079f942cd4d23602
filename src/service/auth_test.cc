#include "service/auth.h"

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

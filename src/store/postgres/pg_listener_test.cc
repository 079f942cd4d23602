// LISTEN/NOTIFY on a real server (Pg* tests: see pg_test_util.h).
#include "store/postgres/pg_listener.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "store/postgres/pg_store.h"
#include "store/postgres/pg_test_util.h"

namespace cordon::store {
namespace {

using namespace std::chrono_literals;

// Payloads as they arrive, and a way to wait for one.
class Inbox {
 public:
  void add(std::string_view payload) {
    {
      std::lock_guard lock(mu_);
      got_.emplace_back(payload);
    }
    cv_.notify_all();
  }
  // Whether `payload` arrived within `timeout`.
  bool wait_for(const std::string& payload, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] {
      return std::find(got_.begin(), got_.end(), payload) != got_.end();
    });
  }
  std::vector<std::string> all() {
    std::lock_guard lock(mu_);
    return got_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> got_;
};

class PgListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("CORDON_TEST_PG")) GTEST_SKIP() << "CORDON_TEST_PG is not set";
    url_ = testing::fresh_postgres_database();
    StoreOptions options;
    options.location = url_;
    options.read_connections = 1;
    auto s = open_postgres_store(options);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    store_ = std::move(*s);
    auto l = PgListener::start(url_, "cordon_test", [this](std::string_view p) { inbox_.add(p); });
    ASSERT_TRUE(l.ok()) << l.status().to_string();
    listener_ = std::move(*l);
  }

  Status send(const std::string& payload, bool commit = true) {
    return store_->write([&](SqlConnection& conn) -> Status {
      CORDON_RETURN_IF_ERROR(notify(conn, "cordon_test", payload));
      return commit ? Status() : Status::conflict("rolled_back", "the unit fails");
    });
  }

  std::string url_;
  std::unique_ptr<Store> store_;
  Inbox inbox_;
  std::unique_ptr<PgListener> listener_;
};

TEST_F(PgListenerTest, DeliversWhatCommitsAndNothingOfAUnitThatRolledBack) {
  ASSERT_TRUE(send("first").ok());
  EXPECT_TRUE(inbox_.wait_for("first", 5s));
  // The failing unit shares a batch with nothing; the marker after it arrives after
  // anything the failed one could have sent.
  EXPECT_EQ(send("never", false).code(), "rolled_back");
  ASSERT_TRUE(send("marker").ok());
  ASSERT_TRUE(inbox_.wait_for("marker", 5s));
  EXPECT_EQ(inbox_.all(), (std::vector<std::string>{"first", "marker"}));
}

TEST_F(PgListenerTest, ListensAgainAfterItsConnectionIsTerminated) {
  ASSERT_TRUE(send("before").ok());
  ASSERT_TRUE(inbox_.wait_for("before", 5s));
  auto admin = PgConnection::open(url_);
  ASSERT_TRUE(admin.ok());
  auto killed = (*admin)->query_int(
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE application_name = 'cordon listener' AND datname = current_database()",
      {});
  ASSERT_TRUE(killed.ok()) << killed.status().to_string();
  EXPECT_EQ(**killed, 1);
  // What is sent while it reconnects is lost: keep sending until one arrives.
  bool arrived = false;
  for (int i = 0; i < 50 && !arrived; ++i) {
    std::string payload = "after " + std::to_string(i);
    ASSERT_TRUE(send(payload).ok());
    arrived = inbox_.wait_for(payload, 200ms);
  }
  EXPECT_TRUE(arrived);
  EXPECT_GE(listener_->reconnects(), 1);
}

TEST_F(PgListenerTest, RefusesAnOversizedPayloadAndABadChannel) {
  EXPECT_EQ(send(std::string(kMaxNotifyPayload + 1, 'x')).code(), "payload_too_large");
  ASSERT_TRUE(send(std::string(kMaxNotifyPayload, 'y')).ok());
  EXPECT_TRUE(inbox_.wait_for(std::string(kMaxNotifyPayload, 'y'), 5s));
  auto bad = PgListener::start(url_, "Robert'); DROP", [](std::string_view) {});
  EXPECT_EQ(bad.status().code(), "bad_channel");
}

TEST(PgListener, FailsToStartWithoutAServer) {
  auto l = PgListener::start("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2",
                             "cordon_test", [](std::string_view) {});
  EXPECT_EQ(l.status().code(), "store_open_failed");
}

}  // namespace
}  // namespace cordon::store

// The PostgreSQL driver. Tests named Pg* need a server: they run when CORDON_TEST_PG
// holds an admin URL (ctest's store.pg runs them under tests/api/postgres_cluster.py)
// and are skipped otherwise. Each test gets a database of its own.
#include "store/postgres/pg_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_test_util.h"

namespace cordon::store {
namespace {

TEST(NumberParameters, RenumbersOutsideQuotesAndComments) {
  int n = 0;
  EXPECT_EQ(number_parameters("SELECT a FROM t WHERE a = ? AND b = '?' AND \"c?\" = ? -- ?\n"
                              "LIMIT ?",
                              &n),
            "SELECT a FROM t WHERE a = $1 AND b = '?' AND \"c?\" = $2 -- ?\nLIMIT $3");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(number_parameters("SELECT 'it''s ?', ?", &n), "SELECT 'it''s ?', $1");
  EXPECT_EQ(n, 1);
}

using testing::fresh_postgres_database;

class PgStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("CORDON_TEST_PG")) GTEST_SKIP() << "CORDON_TEST_PG is not set";
    url_ = fresh_postgres_database();
    StoreOptions options;
    options.location = url_;
    options.read_connections = 2;
    auto s = open_postgres_store(options);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    store_ = std::move(*s);
    ASSERT_TRUE(store_->write([](SqlConnection& c) {
      return c.execute_script(
          expand_dialect("CREATE TABLE t (id {{id}}, v TEXT UNIQUE, n BIGINT)", c.dialect()));
    }).ok());
  }

  int64_t count() {
    int64_t n = -1;
    EXPECT_TRUE(store_->read([&](SqlConnection& c) -> Status {
      CORDON_ASSIGN_OR_RETURN(auto v, c.query_int("SELECT COUNT(*) FROM t", {}));
      n = v.value_or(0);
      return Status();
    }).ok());
    return n;
  }

  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_F(PgStoreTest, ValuesRoundTrip) {
  std::optional<int64_t> id;
  ASSERT_TRUE(store_->write([&](SqlConnection& c) {
    return c.query("INSERT INTO t (v, n) VALUES (?, ?) RETURNING id",
                   {std::string("刘东升 'quoted' ?"), int64_t{-42}},
                   [&](const SqlRow& r) { id = r.int64(0); });
  }).ok());
  ASSERT_TRUE(id);
  ASSERT_TRUE(store_->read([&](SqlConnection& c) {
    return c.query("SELECT v, n, CAST(? AS TEXT) IS NULL, EXISTS (SELECT 1 FROM t WHERE n < ?) FROM t WHERE id = ?",
                   {std::monostate{}, int64_t{0}, *id}, [&](const SqlRow& r) {
                     EXPECT_EQ(r.text(0), "刘东升 'quoted' ?");
                     EXPECT_EQ(r.int64(1), -42);
                     EXPECT_EQ(r.int64(2), 1);
                     EXPECT_EQ(r.int64(3), 1);
                   });
  }).ok());
}

// An untyped parameter whose type nothing around it tells (a bare `? IS NULL`) is an
// error on PostgreSQL, as documented in pg_connection.h; SQL casts it instead.
TEST_F(PgStoreTest, ParameterOfUnknownTypeIsRefused) {
  Status s = store_->read([](SqlConnection& c) {
    return c.query("SELECT ? IS NULL", {std::monostate{}}, [](const SqlRow&) {});
  });
  EXPECT_EQ(s.code(), "store_error");
  EXPECT_NE(s.message().find("could not determine data type"), std::string::npos) << s.message();
}

TEST_F(PgStoreTest, UniqueViolationIsAConflictNamingTheConstraint) {
  auto insert = [&] {
    return store_->write([](SqlConnection& c) {
      return c.execute("INSERT INTO t (v) VALUES (?)", {std::string("same")}).status();
    });
  };
  ASSERT_TRUE(insert().ok());
  Status s = insert();
  EXPECT_EQ(s.code(), "unique_violation");
  EXPECT_NE(s.message().find("t_v_key"), std::string::npos) << s.message();
  EXPECT_EQ(count(), 1);
}

TEST_F(PgStoreTest, FailedUnitRollsBackOnlyItself) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      Status s = store_->write([i](SqlConnection& c) -> Status {
        CORDON_RETURN_IF_ERROR(c.execute("INSERT INTO t (v) VALUES (?)", {std::to_string(i)}));
        // Odd units fail after writing: an engine error for some, a refusal for others.
        if (i % 4 == 1) return c.execute("SELECT no_such_column FROM t", {}).status();
        if (i % 4 == 3) return Status::invalid("test_failure", "this unit fails on purpose");
        return Status();
      });
      if (!s.ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 8);
  EXPECT_EQ(count(), 8);
}

TEST_F(PgStoreTest, ServersStartingTogetherMigrateOnce) {
  std::string url = fresh_postgres_database();
  std::vector<std::thread> threads;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      StoreOptions o;
      o.location = url;
      o.read_connections = 1;
      auto s = open_postgres_store(o);
      EXPECT_TRUE(s.ok()) << s.status().to_string();
      if (s.ok()) ++opened;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(opened.load(), 4);
  auto conn = PgConnection::open(url);
  ASSERT_TRUE(conn.ok());
  auto n = (*conn)->query_int("SELECT COUNT(*) FROM schema_migrations", {});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->value_or(0), static_cast<int64_t>(migrations().size()));
}

TEST_F(PgStoreTest, UnreachableServerFailsToOpen) {
  StoreOptions o;
  o.location = "postgresql://postgres@127.0.0.1:1/cordon?connect_timeout=2";
  auto s = open_store(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), "store_open_failed");
}

}  // namespace
}  // namespace cordon::store

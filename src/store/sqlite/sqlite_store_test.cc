#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/test_util.h"

namespace cordon::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.location = dir_.file("test.db");
    options.read_connections = 4;
    auto s = open_sqlite_store(options);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    store_ = std::move(*s);
    ASSERT_TRUE(store_->write([](SqlConnection& c) {
      return c.execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
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

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteStoreTest, WriteIsVisibleToReaders) {
  ASSERT_TRUE(store_->write([](SqlConnection& c) {
    return c.execute("INSERT INTO t (v) VALUES (?)", {std::string("a")}).status();
  }).ok());
  EXPECT_EQ(count(), 1);
}

TEST_F(SqliteStoreTest, FailedUnitRollsBackOnlyItself) {
  // Three units run concurrently so they share batches; the failing one inserts a row
  // before failing, and that row must vanish while the others stay.
  std::atomic<int> go{0};
  auto insert = [&](std::string v, bool fail) {
    return store_->write([v, fail](SqlConnection& c) -> Status {
      CORDON_RETURN_IF_ERROR(c.execute("INSERT INTO t (v) VALUES (?)", {v}));
      if (fail) return Status::invalid("test_failure", "this unit fails on purpose");
      return Status();
    });
  };
  std::vector<std::thread> threads;
  std::vector<Status> results(30);
  for (int i = 0; i < 30; ++i)
    threads.emplace_back([&, i] {
      go.fetch_add(1);
      while (go.load() < 30) std::this_thread::yield();
      results[i] = insert("v" + std::to_string(i), i % 3 == 0);
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < 30; ++i) {
    if (i % 3 == 0) EXPECT_EQ(results[i].code(), "test_failure");
    else EXPECT_TRUE(results[i].ok()) << results[i].to_string();
  }
  EXPECT_EQ(count(), 20);
  bool failed_row_present = false;
  ASSERT_TRUE(store_->read([&](SqlConnection& c) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto n, c.query_int("SELECT COUNT(*) FROM t WHERE v = 'v0'", {}));
    failed_row_present = n.value_or(0) > 0;
    return Status();
  }).ok());
  EXPECT_FALSE(failed_row_present);
}

TEST_F(SqliteStoreTest, ConcurrentWritesShareCommits) {
  constexpr int kThreads = 16, kPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  StoreStats before = store_->stats();
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Status s = store_->write([&](SqlConnection& c) {
          return c.execute("INSERT INTO t (v) VALUES (?)",
                           {std::to_string(t) + ":" + std::to_string(i)}).status();
        });
        if (!s.ok()) failures++;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count(), kThreads * kPerThread);
  StoreStats after = store_->stats();
  EXPECT_EQ(after.write_units - before.write_units, kThreads * kPerThread);
  // Group commit: with 16 writers waiting on fsync, batches hold more than one unit.
  EXPECT_LT(after.batches - before.batches, kThreads * kPerThread);
}

TEST_F(SqliteStoreTest, UniqueViolationIsConflict) {
  auto insert = [&] {
    return store_->write([](SqlConnection& c) {
      return c.execute("INSERT INTO t (v) VALUES ('same')", {}).status();
    });
  };
  ASSERT_TRUE(insert().ok());
  Status s = insert();
  EXPECT_EQ(s.kind(), Status::Kind::kConflict);
  EXPECT_EQ(s.code(), "unique_violation");
}

TEST_F(SqliteStoreTest, ExceptionInUnitIsContained) {
  Status s = store_->write([](SqlConnection& c) -> Status {
    (void)c.execute("INSERT INTO t (v) VALUES ('before-throw')", {});
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(s.code(), "unit_of_work_threw");
  EXPECT_EQ(count(), 0);
  EXPECT_TRUE(store_->write([](SqlConnection& c) {
    return c.execute("INSERT INTO t (v) VALUES ('after')", {}).status();
  }).ok());
}

TEST_F(SqliteStoreTest, ReadersCannotWrite) {
  Status s = store_->read([](SqlConnection& c) {
    return c.execute("INSERT INTO t (v) VALUES ('x')", {}).status();
  });
  EXPECT_FALSE(s.ok());
}

TEST_F(SqliteStoreTest, ClosedStoreRefusesWork) {
  store_->close();
  Status s = store_->write([](SqlConnection&) { return Status(); });
  EXPECT_EQ(s.code(), "store_closed");
  EXPECT_EQ(store_->read([](SqlConnection&) { return Status(); }).code(), "store_closed");
}

TEST(SqliteStoreOpen, ReopenKeepsDataAndSchemaVersion) {
  testing::TempDir dir;
  StoreOptions options;
  options.location = dir.file("reopen.db");
  {
    auto s = open_sqlite_store(options);
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->write([](SqlConnection& c) {
      return c.execute_script("CREATE TABLE keep (x INTEGER); INSERT INTO keep VALUES (7);");
    }).ok());
  }
  auto s = open_sqlite_store(options);
  ASSERT_TRUE(s.ok());
  int version = 0;
  int64_t x = 0;
  ASSERT_TRUE((*s)->read([&](SqlConnection& c) -> Status {
    CORDON_ASSIGN_OR_RETURN(version, schema_version(c));
    CORDON_ASSIGN_OR_RETURN(auto v, c.query_int("SELECT x FROM keep", {}));
    x = v.value_or(0);
    return Status();
  }).ok());
  EXPECT_EQ(version, migrations().back().version);
  EXPECT_EQ(x, 7);
}

TEST(SqliteStoreOpen, UnwritableLocationFailsClearly) {
  StoreOptions options;
  options.location = "/nonexistent-dir/cordon.db";
  auto s = open_sqlite_store(options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), "store_open_failed");
  EXPECT_NE(s.status().message().find("/nonexistent-dir/cordon.db"), std::string::npos);
}

}  // namespace
}  // namespace cordon::store

namespace cordon::store {
namespace {

TEST(SqliteStoreDetached, DetachedWritesLandBeforeClose) {
  testing::TempDir dir;
  StoreOptions options;
  options.location = dir.file("detached.db");
  auto s = open_sqlite_store(options);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->write([](SqlConnection& c) {
    return c.execute_script("CREATE TABLE d (x INTEGER)");
  }).ok());
  for (int i = 0; i < 100; ++i)
    (*s)->write_detached([i](SqlConnection& c) {
      return c.execute("INSERT INTO d VALUES (?)", {int64_t{i}}).status();
    });
  // A failing detached unit is logged and does not disturb the others.
  (*s)->write_detached([](SqlConnection& c) {
    return c.execute("INSERT INTO no_such_table VALUES (1)", {}).status();
  });
  (*s)->close();
  auto reopened = open_sqlite_store(options);
  ASSERT_TRUE(reopened.ok());
  int64_t n = 0;
  ASSERT_TRUE((*reopened)->read([&](SqlConnection& c) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto v, c.query_int("SELECT COUNT(*) FROM d", {}));
    n = v.value_or(0);
    return Status();
  }).ok());
  EXPECT_EQ(n, 100);
}

// Detached units alone are committed after their delay, not at once; a durable write (or
// flush) takes the waiting ones along in its batch.
TEST(SqliteStoreDetached, DetachedUnitsWaitForCompanyOrTheirDelay) {
  testing::TempDir dir;
  StoreOptions options;
  options.location = dir.file("delay.db");
  options.detached_delay = std::chrono::milliseconds(300);
  auto s = open_sqlite_store(options);
  ASSERT_TRUE(s.ok());
  Store& store = **s;
  ASSERT_TRUE(store.write([](SqlConnection& c) {
    return c.execute_script("CREATE TABLE d (x INTEGER)");
  }).ok());
  auto rows = [&] {
    int64_t n = -1;
    EXPECT_TRUE(store.read([&](SqlConnection& c) -> Status {
      CORDON_ASSIGN_OR_RETURN(auto v, c.query_int("SELECT COUNT(*) FROM d", {}));
      n = v.value_or(0);
      return Status();
    }).ok());
    return n;
  };
  auto insert_detached = [&](int64_t x) {
    store.write_detached([x](SqlConnection& c) {
      return c.execute("INSERT INTO d VALUES (?)", {x}).status();
    });
  };
  int64_t batches = store.stats().batches;
  insert_detached(1);
  insert_detached(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(rows(), 0) << "committed before the delay";
  EXPECT_EQ(store.stats().batches, batches);
  ASSERT_TRUE(store.flush().ok());
  EXPECT_EQ(rows(), 2);
  EXPECT_EQ(store.stats().batches, batches + 1) << "the flush and both entries in one commit";

  insert_detached(3);
  auto start = std::chrono::steady_clock::now();
  while (rows() < 3 && std::chrono::steady_clock::now() - start < std::chrono::seconds(5))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(rows(), 3) << "a lone detached unit still lands after its delay";
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
}

}  // namespace
}  // namespace cordon::store

namespace cordon::store {
namespace {

// Features built side by side number their migrations apart; a database may have met a
// later number first. Every unrecorded version is applied, in list order, once.
TEST(Migrations, UnrecordedVersionsAreAppliedWhateverTheMaximum) {
  testing::TempDir dir;
  auto conn = SqliteConnection::open(dir.file("m.db"), false, 1000);
  ASSERT_TRUE(conn.ok()) << conn.status().to_string();
  const Migration first[] = {{1, "a", "CREATE TABLE a (x INTEGER);"},
                             {3, "c", "CREATE TABLE c (x INTEGER);"}};
  ASSERT_TRUE(apply_migrations(**conn, first).ok());
  const Migration all[] = {{1, "a", "CREATE TABLE a (x INTEGER);"},
                           {2, "b", "CREATE TABLE b (x INTEGER);"},
                           {3, "c", "CREATE TABLE c (x INTEGER);"}};
  ASSERT_TRUE(apply_migrations(**conn, all).ok());  // only 2 runs: a and c exist already
  auto n = (*conn)->query_int("SELECT COUNT(*) FROM schema_migrations", {});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->value_or(0), 3);
  EXPECT_TRUE((*conn)->execute_script("INSERT INTO b VALUES (1)").ok());
  EXPECT_EQ(*schema_version(**conn), 3);
}

TEST(Migrations, FailingMigrationNamesItselfAndLeavesNothing) {
  testing::TempDir dir;
  auto conn = SqliteConnection::open(dir.file("m.db"), false, 1000);
  ASSERT_TRUE(conn.ok());
  const Migration bad[] = {{1, "a", "CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);"}};
  Status s = apply_migrations(**conn, bad);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("migration 1 (a)"), std::string::npos) << s.message();
  auto n = (*conn)->query_int("SELECT COUNT(*) FROM sqlite_master WHERE name = 'a'", {});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->value_or(-1), 0);
}

}  // namespace
}  // namespace cordon::store

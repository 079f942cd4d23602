// The plans SQLite chooses for the hot queries, read with EXPLAIN QUERY PLAN on a store
// with every migration applied: an index change that sends them back to the table fails
// here rather than in a benchmark.
#include <gtest/gtest.h>

#include "store/followups.h"
#include "store/store.h"
#include "store/test_util.h"

namespace cordon::store {
namespace {

// A store with every migration applied; plan() reads the plan of a statement on it.
class QueryPlans : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.location = dir_.file("plans.db");
    auto store = open_store(options);
    ASSERT_TRUE(store.ok()) << store.status().to_string();
    store_ = std::move(*store);
  }

  std::string plan(const SqlStatement& st) {
    std::string out;
    Status s = store_->read([&](SqlConnection& conn) {
      return conn.query("EXPLAIN QUERY PLAN " + st.sql, st.params, [&](const SqlRow& r) {
        out += r.text(3) + "\n";
      });
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  LocalDate day_ = LocalDate::parse("2026-12-07").value();
};

TEST_F(QueryPlans, FollowUpsOfOneGridReadOnlyTheGridIndexForOrders) {
  FollowUpScope scope;
  scope.grid_id = 7;
  std::string p = plan(follow_up_orders_statement(scope, day_, 0, 50));
  EXPECT_NE(p.find("USING COVERING INDEX quarantine_orders_grid"), std::string::npos) << p;
  EXPECT_NE(p.find("SEARCH p USING INTEGER PRIMARY KEY"), std::string::npos) << p;
}

TEST_F(QueryPlans, ChecksOfTheDayReadOnlyTheirIndex) {
  std::vector<int64_t> orders{3, 5, 8};
  std::string p = plan(slot_checks_statement(orders, day_, day_));
  EXPECT_NE(p.find("USING COVERING INDEX health_checks_order"), std::string::npos) << p;
}

}  // namespace
}  // namespace cordon::store

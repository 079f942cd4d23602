// The plans SQLite chooses for the hot queries, read with EXPLAIN QUERY PLAN on a store
// with every migration applied: an index change that sends them back to the table fails
// here rather than in a benchmark.
#include <gtest/gtest.h>

#include "store/followups.h"
#include "store/store.h"
#include "store/test_util.h"

namespace cordon::store {
namespace {

std::string plan_of(Store& store, const SqlStatement& st) {
  std::string plan;
  Status s = store.read([&](SqlConnection& conn) {
    return conn.query("EXPLAIN QUERY PLAN " + st.sql, st.params, [&](const SqlRow& r) {
      plan += r.text(3) + "\n";
    });
  });
  EXPECT_TRUE(s.ok()) << s.to_string();
  return plan;
}

TEST(QueryPlans, FollowUpsOfOneGridReadOnlyTheGridIndexForOrders) {
  testing::TempDir dir;
  StoreOptions options;
  options.location = dir.file("plans.db");
  auto store = open_store(options);
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  FollowUpScope scope;
  scope.grid_id = 7;
  std::string plan = plan_of(**store, follow_up_orders_statement(
                                          scope, LocalDate::parse("2026-12-07").value(), 0, 50));
  EXPECT_NE(plan.find("USING COVERING INDEX quarantine_orders_grid"), std::string::npos) << plan;
  EXPECT_NE(plan.find("SEARCH p USING INTEGER PRIMARY KEY"), std::string::npos) << plan;
}

TEST(QueryPlans, ChecksOfTheDayReadOnlyTheirIndex) {
  testing::TempDir dir;
  StoreOptions options;
  options.location = dir.file("plans.db");
  auto store = open_store(options);
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  std::vector<int64_t> orders{3, 5, 8};
  LocalDate day = LocalDate::parse("2026-12-07").value();
  std::string plan = plan_of(**store, slot_checks_statement(orders, day, day));
  EXPECT_NE(plan.find("USING COVERING INDEX health_checks_order"), std::string::npos) << plan;
}

}  // namespace
}  // namespace cordon::store

// The dashboard's figures that depend on other features: fevers held against each order's
// own policy threshold, and open reports with their breached deadlines.
#include "service/dashboard.h"

#include <gtest/gtest.h>

#include "service/events.h"
#include "service/followups.h"
#include "service/policies.h"
#include "service/reports.h"
#include "service/tasks.h"
#include "service/test_fixture.h"
#include "store/quarantine_orders.h"

namespace cordon::service {
namespace {

class DashboardTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    auto catalog = PolicyCatalog::load_dir(std::string(CORDON_SOURCE_DIR) + "/policies",
                                           "cn-2020-early");
    ASSERT_TRUE(catalog.ok()) << catalog.status().to_string();
    catalog_ = std::make_unique<PolicyCatalog>(std::move(*catalog));
    dashboard_ = std::make_unique<DashboardService>(*ctx_, *catalog_);
    followups_ = std::make_unique<FollowUpService>(*ctx_, rules_from(*catalog_));
    tasks_ = std::make_unique<TaskService>(*ctx_, bus_);
    reports_ = std::make_unique<ReportService>(*ctx_, *tasks_);
  }

  // An active order of a new person of grid A under the latest version of `policy`.
  int64_t order_under(const std::string& policy) {
    PersonInput p;
    p.name = "刘东升" + std::to_string(++people_);
    p.grid_id = grid_a_.id;
    auto person = persons_->create(Actor::system(), p);
    EXPECT_TRUE(person.ok()) << person.status().to_string();
    QuarantineOrder o;
    o.person_id = person->id;
    o.grid_id = grid_a_.id;
    o.kind = OrderKind::kHome;
    o.status = OrderStatus::kActive;
    o.anchor_date = o.start_date = *LocalDate::from_ymd(2020, 2, 1);
    o.end_date = *LocalDate::from_ymd(2020, 2, 14);
    o.policy_code = policy;
    o.policy_version = catalog_->latest(policy)->version;
    o.created_at = o.updated_at = clock_.now();
    Status s = store_->write([&](store::SqlConnection& conn) -> Status {
      CORDON_ASSIGN_OR_RETURN(o, store::insert_order(conn, o));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
    return o.id;
  }

  void check(int64_t order_id, double temperature) {
    HealthCheckInput in;
    in.order_id = order_id;
    in.temperature = temperature;
    in.method = "phone";
    auto r = followups_->record(Actor::system(), in);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }

  void file(const std::string& category, const Node& place) {
    ReportInput in;
    in.category = category;
    in.place_id = place.id;
    in.description = "description";
    auto r = reports_->file(Actor::system(), in);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }

  std::unique_ptr<PolicyCatalog> catalog_;
  std::unique_ptr<DashboardService> dashboard_;
  std::unique_ptr<FollowUpService> followups_;
  LocalEventBus bus_;
  std::unique_ptr<TaskService> tasks_;
  std::unique_ptr<ReportService> reports_;
  int people_ = 0;
};

TEST_F(DashboardTest, FeversUseEachOrdersPolicyThreshold) {
  ASSERT_EQ(catalog_->latest("generic-21-day")->fever_threshold_celsius, 38.0);
  check(order_under("cn-9th-2022"), 37.6);     // 37.3 °C: a fever
  check(order_under("generic-21-day"), 37.6);  // 38.0 °C: not one
  int64_t ebola = order_under("generic-21-day");
  check(ebola, 36.5);
  check(ebola, 38.0);  // the same order twice in a day counts once
  check(ebola, 38.4);
  int64_t manual = order_under("cn-2020-early");
  check(manual, 37.25);  // one decimal: 37.3
  auto d = dashboard_->get(Actor::system(), std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->fevers_today, 3);
  auto grid_b = dashboard_->get(Actor::system(), grid_b_.id);
  ASSERT_TRUE(grid_b.ok());
  EXPECT_EQ(grid_b->fevers_today, 0);
  // The alerts agree with the dashboard.
  AlertQuery q;
  q.limit = 50;
  auto alerts = followups_->alerts(Actor::system(), q);
  ASSERT_TRUE(alerts.ok());
  EXPECT_EQ(alerts->items.size(), 4u);  // the three fevers, the second one of `ebola`
}

TEST_F(DashboardTest, OpenReportsAndBreachedDeadlines) {
  file("gathering", grid_a_);   // triage due in 15 minutes
  file("sanitation", grid_b_);  // triage due in 8 hours
  auto d = dashboard_->get(Actor::system(), std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  EXPECT_EQ(d->open_reports, 2);
  EXPECT_EQ(d->breached_deadlines, 0);
  clock_.set(clock_.now().plus_seconds(20 * 60));
  d = dashboard_->get(Actor::system(), std::nullopt);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->open_reports, 2);
  EXPECT_EQ(d->breached_deadlines, 1);
  auto b = dashboard_->get(Actor::system(), grid_b_.id);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->open_reports, 1);
  EXPECT_EQ(b->breached_deadlines, 0);
  auto a = dashboard_->get(confined_to(grid_a_), std::nullopt);
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(a->open_reports, 1);
  EXPECT_EQ(a->breached_deadlines, 1);
}

}  // namespace
}  // namespace cordon::service

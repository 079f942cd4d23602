#include "service/orders.h"

#include "service/test_fixture.h"
#include "store/audit.h"

namespace cordon::service {
namespace {

class OrderServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    orders_ = std::make_unique<OrderService>(*ctx_);
    PersonInput in;
    in.name = "刘东升";
    in.id_number = "150783198003120015";
    in.grid_id = grid_a_.id;
    auto p = persons_->create(Actor::system(), in);
    ASSERT_TRUE(p.ok()) << p.status().to_string();
    person_ = *p;
  }

  OrderInput home_order() {
    OrderInput in;
    in.person_id = person_.id;
    in.kind = "home";
    in.reason = "close_contact";
    in.anchor_date = "2020-02-03";
    in.end_date = "2020-02-17";
    return in;
  }

  std::unique_ptr<OrderService> orders_;
  Person person_;
};

TEST_F(OrderServiceTest, CreateStoresOrderWithHistoryAndAudit) {
  auto o = orders_->create(Actor::system(), home_order());
  ASSERT_TRUE(o.ok()) << o.status().to_string();
  EXPECT_EQ(o->status, OrderStatus::kOrdered);
  EXPECT_EQ(o->grid_id, grid_a_.id);
  // Ordered on 2020-02-05 for an exposure on the 3rd: it starts today.
  EXPECT_EQ(o->start_date.to_string(), "2020-02-05");
  auto d = orders_->get(Actor::system(), o->id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->order.end_date.to_string(), "2020-02-17");
  ASSERT_EQ(d->history.size(), 1u);
  EXPECT_EQ(d->history[0].action, "create");
  bool audited = false;
  ASSERT_TRUE(store_->read([&](store::SqlConnection& conn) -> Status {
    auto n = conn.query_int(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'quarantine_order.create' AND record_id = ?",
        {o->id});
    audited = n.ok() && n->value_or(0) == 1;
    return Status();
  }).ok());
  EXPECT_TRUE(audited);
}

TEST_F(OrderServiceTest, CreateReportsEveryBadField) {
  OrderInput in;
  in.kind = "hotel";
  in.reason = "fear";
  in.anchor_date = "2020-02-30";
  auto r = orders_->create(Actor::system(), in);
  ASSERT_EQ(r.status().kind(), Status::Kind::kInvalid);
  std::vector<std::string> fields;
  for (const auto& e : r.status().errors()) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"person_id", "kind", "reason", "anchor_date"}));
  // Without a policy loaded, the end must be given.
  auto no_end = home_order();
  no_end.end_date.reset();
  EXPECT_EQ(orders_->create(Actor::system(), no_end).status().errors().at(0).field, "end_date");
  auto home_with_site = home_order();
  home_with_site.site_id = 3;
  EXPECT_EQ(orders_->create(Actor::system(), home_with_site).status().errors().at(0).field,
            "site_id");
}

TEST_F(OrderServiceTest, OutsideTheJurisdictionIsNotFound) {
  auto o = orders_->create(Actor::system(), home_order());
  ASSERT_TRUE(o.ok());
  Actor worker_b = confined_to(grid_b_);
  EXPECT_EQ(orders_->get(worker_b, o->id).status().code(), "order_not_found");
  EXPECT_EQ(orders_->create(worker_b, home_order()).status().errors().at(0).code,
            "person_not_found");
  EXPECT_TRUE(orders_->get(confined_to(grid_a_), o->id).ok());
}

TEST_F(OrderServiceTest, IdempotencyKeyMakesOneOrder) {
  auto a = orders_->create(Actor::system(), home_order(), "key-1");
  auto b = orders_->create(Actor::system(), home_order(), "key-1");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->id, b->id);
}

}  // namespace
}  // namespace cordon::service

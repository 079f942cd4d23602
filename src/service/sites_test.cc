// Sites, rooms, check-in limits, follow-ups due, alerts and the missed-check sweep, on a
// real SQLite file with a manual clock (2020-02-05 10:00 in Shanghai).
#include "service/sites.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "service/followups.h"
#include "service/test_fixture.h"
#include "store/quarantine_orders.h"

namespace cordon::service {
namespace {

class SitesTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    sites_ = std::make_unique<SiteService>(*ctx_);
    followups_ = std::make_unique<FollowUpService>(*ctx_);
  }

  Site make_site(int capacity, const Node& node) {
    SiteInput in;
    in.name = "隔离酒店";
    in.address = "胜利路1号";
    in.kind = "hotel";
    in.node_id = node.id;
    in.capacity = capacity;
    auto s = sites_->create(Actor::system(), in);
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    return s.ok() ? *s : Site{};
  }

  Room make_room(const Site& site, const std::string& number, int beds = 1, bool family = false) {
    RoomInput in;
    in.number = number;
    in.floor = 3;
    in.beds = beds;
    in.family = family;
    auto r = sites_->add_room(Actor::system(), site.id, in);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? *r : Room{};
  }

  // A person of `grid` with an order of `kind` and `status` from 2020-02-01 to 2020-02-14.
  QuarantineOrder make_order(const Node& grid, OrderKind kind = OrderKind::kCentralized,
                             OrderStatus status = OrderStatus::kOrdered) {
    PersonInput p;
    p.name = "刘东升" + std::to_string(++people_);
    p.grid_id = grid.id;
    auto person = persons_->create(Actor::system(), p);
    EXPECT_TRUE(person.ok()) << person.status().to_string();
    QuarantineOrder o;
    o.person_id = person->id;
    o.grid_id = grid.id;
    o.kind = kind;
    o.status = status;
    o.anchor_date = o.start_date = *LocalDate::from_ymd(2020, 2, 1);
    o.end_date = *LocalDate::from_ymd(2020, 2, 14);
    o.policy_code = "manual";
    o.created_at = o.updated_at = Instant::parse("2020-02-01T00:00:00Z").value();
    Status s = store_->write([&](store::SqlConnection& conn) -> Status {
      CORDON_ASSIGN_OR_RETURN(o, store::insert_order(conn, o));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
    return o;
  }

  std::unique_ptr<SiteService> sites_;
  std::unique_ptr<FollowUpService> followups_;
  int people_ = 0;
};

TEST_F(SitesTest, SiteNeedsValidFieldsAndAStreetOrGrid) {
  SiteInput in;
  in.kind = "castle";
  in.capacity = 0;
  auto s = sites_->create(Actor::system(), in);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().errors().size(), 5u) << s.status().to_string();
  in = {"酒店", "路1号", "hotel", city_.id, 10};
  s = sites_->create(Actor::system(), in);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), "not_a_street_or_grid");
}

TEST_F(SitesTest, SitesOutsideTheJurisdictionAreNotFound) {
  Site site = make_site(5, grid_b_);
  EXPECT_EQ(sites_->get(confined_to(grid_a_), site.id).status().kind(), Status::Kind::kNotFound);
  EXPECT_TRUE(sites_->get(confined_to(grid_b_), site.id).ok());
  auto list = sites_->list(confined_to(grid_a_), std::nullopt, 0, 50);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->items.empty());
}

TEST_F(SitesTest, CheckInActivatesAndFillsTheRoom) {
  Site site = make_site(5, grid_a_);
  Room room = make_room(site, "301");
  auto order = make_order(grid_a_);
  auto stay = sites_->check_in(Actor::system(), site.id, order.id, room.id);
  ASSERT_TRUE(stay.ok()) << stay.status().to_string();
  auto board = sites_->board(Actor::system(), site.id);
  ASSERT_TRUE(board.ok());
  EXPECT_EQ(board->site.occupied, 1);
  ASSERT_EQ(board->rooms.size(), 1u);
  ASSERT_EQ(board->rooms[0].occupants.size(), 1u);
  EXPECT_EQ(board->rooms[0].occupants[0].order_status, "active");

  auto again = sites_->check_in(Actor::system(), site.id, order.id, room.id);
  EXPECT_EQ(again.status().code(), "room_full");
  auto other = make_order(grid_a_);
  Room room2 = make_room(site, "302");
  EXPECT_EQ(sites_->check_in(Actor::system(), site.id, order.id, room2.id).status().code(),
            "already_checked_in");
  EXPECT_EQ(sites_->check_in(Actor::system(), site.id, other.id, room.id).status().code(),
            "room_full");
  // Nothing of the refused attempts stuck.
  EXPECT_EQ(sites_->get(Actor::system(), site.id)->occupied, 1);
}

TEST_F(SitesTest, HomeOrdersAndClosedOrdersAreRefused) {
  Site site = make_site(5, grid_a_);
  Room room = make_room(site, "301");
  auto home = make_order(grid_a_, OrderKind::kHome);
  EXPECT_EQ(sites_->check_in(Actor::system(), site.id, home.id, room.id).status().code(),
            "not_centralized");
  auto released = make_order(grid_a_, OrderKind::kCentralized, OrderStatus::kReleased);
  EXPECT_EQ(sites_->check_in(Actor::system(), site.id, released.id, room.id).status().code(),
            "order_closed");
  EXPECT_EQ(sites_->check_in(Actor::system(), site.id, std::nullopt, std::nullopt)
                .status().errors().size(), 2u);
}

TEST_F(SitesTest, FamilyRoomHoldsUpToItsBedsAndSiteCapacityHolds) {
  Site site = make_site(3, grid_a_);
  Room family = make_room(site, "501", 4, true);
  Room single = make_room(site, "502");
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(sites_->check_in(Actor::system(), site.id, make_order(grid_a_).id, family.id).ok());
  auto fourth = sites_->check_in(Actor::system(), site.id, make_order(grid_a_).id, single.id);
  EXPECT_EQ(fourth.status().code(), "site_full");
  SiteInput lower;
  lower.capacity = 2;
  EXPECT_EQ(sites_->update(Actor::system(), site.id, lower).status().code(),
            "capacity_below_occupancy");
}

TEST_F(SitesTest, ConcurrentCheckInsNeverOverfill) {
  Site site = make_site(4, grid_a_);
  std::vector<Room> rooms;
  for (int i = 0; i < 6; ++i) rooms.push_back(make_room(site, std::to_string(100 + i)));
  std::vector<QuarantineOrder> orders;
  for (int i = 0; i < 24; ++i) orders.push_back(make_order(grid_a_));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 24; ++i)
    threads.emplace_back([&, i] {
      if (sites_->check_in(Actor::system(), site.id, orders[i].id, rooms[i % 6].id).ok()) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 4);
  auto board = sites_->board(Actor::system(), site.id);
  EXPECT_EQ(board->site.occupied, 4);
  for (const auto& e : board->rooms) EXPECT_LE(e.occupants.size(), 1u);
}

TEST_F(SitesTest, TransferAndCheckOutMoveTheCounters) {
  Site site = make_site(1, grid_a_);
  Room a = make_room(site, "1");
  Room b = make_room(site, "2");
  auto stay = sites_->check_in(Actor::system(), site.id, make_order(grid_a_).id, a.id);
  ASSERT_TRUE(stay.ok());
  // A full site still lets its guest change rooms.
  auto moved = sites_->transfer(Actor::system(), stay->id, b.id);
  ASSERT_TRUE(moved.ok()) << moved.status().to_string();
  EXPECT_EQ(moved->room_id, b.id);
  EXPECT_EQ(sites_->transfer(Actor::system(), stay->id, a.id).status().code(), "stay_closed");
  ASSERT_TRUE(sites_->check_out(Actor::system(), moved->id).ok());
  EXPECT_EQ(sites_->check_out(Actor::system(), moved->id).status().code(), "stay_closed");
  EXPECT_EQ(sites_->get(Actor::system(), site.id)->occupied, 0);
  auto days = sites_->occupancy(Actor::system(), site.id, "2020-02-04", "2020-02-05");
  ASSERT_TRUE(days.ok()) << days.status().to_string();
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[1].checked_in, 2);  // the check-in and the room move
  EXPECT_EQ((*days)[1].occupied, 0);
  EXPECT_EQ(sites_->occupancy(Actor::system(), site.id, "2020-02-05", "2020-02-01")
                .status().code(), "invalid_range");
}

TEST_F(SitesTest, TemperatureOutsideRangeIsRefusedWithTheField) {
  auto order = make_order(grid_a_, OrderKind::kHome, OrderStatus::kActive);
  for (double t : {33.9, 43.1}) {
    HealthCheckInput in{order.id, t, std::nullopt, std::nullopt, "phone", std::nullopt};
    auto r = followups_->record(Actor::system(), in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().kind(), Status::Kind::kInvalid);
    ASSERT_EQ(r.status().errors().size(), 1u);
    EXPECT_EQ(r.status().errors()[0].field, "temperature");
  }
  for (double t : {34.0, 43.0}) {
    HealthCheckInput in{order.id, t, std::nullopt, std::nullopt, "phone", std::nullopt};
    EXPECT_TRUE(followups_->record(Actor::system(), in).ok());
  }
}

TEST_F(SitesTest, FeverAtTheThresholdRaisesAnAlertBelowDoesNot) {
  auto order = make_order(grid_a_, OrderKind::kHome, OrderStatus::kActive);
  HealthCheckInput in{order.id, 37.2, std::nullopt, std::nullopt, "visit", std::nullopt};
  auto r = followups_->record(Actor::system(), in);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->alert);
  in.temperature = 37.3;
  r = followups_->record(Actor::system(), in);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->alert);
  EXPECT_EQ(r->alert->kind, "fever");
  in.temperature = 36.5;
  in.symptoms = std::vector<std::string>{"cough"};
  r = followups_->record(Actor::system(), in);
  ASSERT_TRUE(r->alert);
  EXPECT_EQ(r->alert->kind, "symptom");
  // A policy with a lower threshold decides for its orders.
  FollowUpService strict(*ctx_, [](const std::string&, int) { return FollowUpRules{37.0, 2}; });
  in.temperature = 37.1;
  in.symptoms.reset();
  EXPECT_TRUE(strict.record(Actor::system(), in)->alert);
  auto acked = followups_->acknowledge(Actor::system(), r->alert->id);
  ASSERT_TRUE(acked.ok());
  EXPECT_EQ(acked->status, "acknowledged");
  EXPECT_EQ(followups_->acknowledge(Actor::system(), r->alert->id).status().code(),
            "alert_already_acknowledged");
}

TEST_F(SitesTest, DueListShowsTodaysWindowsAndSweepRaisesMissedOnce) {
  auto order = make_order(grid_a_, OrderKind::kHome, OrderStatus::kActive);
  auto elsewhere = make_order(grid_b_, OrderKind::kHome, OrderStatus::kActive);
  // 10:00 local: the morning window is open.
  HealthCheckInput in{order.id, 36.6, std::nullopt, std::nullopt, "visit", std::nullopt};
  ASSERT_TRUE(followups_->record(Actor::system(), in).ok());
  auto due = followups_->due(confined_to(grid_a_), grid_a_.id, std::nullopt, 0, 50);
  ASSERT_TRUE(due.ok()) << due.status().to_string();
  ASSERT_EQ(due->items.size(), 1u);
  ASSERT_EQ(due->items[0].slots.size(), 2u);
  EXPECT_TRUE(due->items[0].slots[0].check_id);
  EXPECT_FALSE(due->items[0].slots[1].check_id);
  EXPECT_FALSE(due->items[0].overdue);
  EXPECT_EQ(followups_->due(confined_to(grid_a_), grid_b_.id, std::nullopt, 0, 50)
                .status().kind(), Status::Kind::kNotFound);

  // Next day 13:00 local: yesterday's evening and today's morning went unchecked.
  clock_.set(Instant::parse("2020-02-06T05:00:00Z").value());
  auto raised = followups_->sweep(confined_to(grid_a_));
  ASSERT_TRUE(raised.ok()) << raised.status().to_string();
  // grid A's order: yesterday evening + today morning (yesterday morning was checked).
  EXPECT_EQ(*raised, 2);
  EXPECT_EQ(*followups_->sweep(confined_to(grid_a_)), 0);
  EXPECT_EQ(*followups_->sweep(Actor::system()), 3);  // grid B: all three windows
  (void)elsewhere;
  AlertQuery q;
  q.kind = "missed_check";
  auto alerts = followups_->alerts(confined_to(grid_a_), q);
  ASSERT_TRUE(alerts.ok());
  EXPECT_EQ(alerts->items.size(), 2u);
  due = followups_->due(Actor::system(), grid_a_.id, std::nullopt, 0, 50);
  EXPECT_TRUE(due->items[0].overdue);
  EXPECT_EQ(followups_->sweep(Actor::system(), clock_.now().plus_seconds(3600)).status().code(),
            "in_future");
}

}  // namespace
}  // namespace cordon::service

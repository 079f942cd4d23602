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

// Release, escalate and break end the order's stay at its site in the same unit: the
// check-out is recorded at that instant and both counters go down.
TEST_F(SitesTest, ClosingAnOrderChecksItOutOfItsSite) {
  OrderService orders(*ctx_);
  Site site = make_site(5, grid_a_);
  const std::pair<OrderAction, const char*> actions[] = {
      {OrderAction::kEscalate, "escalate"}, {OrderAction::kBreak, "break"}};
  for (const auto& [action, name] : actions) {
    Room room = make_room(site, name);
    QuarantineOrder order = make_order(grid_a_);
    ASSERT_TRUE(sites_->check_in(Actor::system(), site.id, order.id, room.id).ok());
    EXPECT_EQ(sites_->get(Actor::system(), site.id)->occupied, 1);
    auto out = orders.act(Actor::system(), order.id, action, {});
    ASSERT_TRUE(out.ok()) << name << ": " << out.status().to_string();
    ASSERT_TRUE(out->ended_stay) << name;
    EXPECT_EQ(out->ended_stay->end_reason, name);
    EXPECT_EQ(out->ended_stay->checked_out_at, clock_.now());
    EXPECT_EQ(sites_->get(Actor::system(), site.id)->occupied, 0) << name;
    auto board = sites_->board(Actor::system(), site.id);
    ASSERT_TRUE(board.ok());
    for (const auto& entry : board->rooms) {
      EXPECT_EQ(entry.room.occupied, 0) << name;
      EXPECT_TRUE(entry.occupants.empty()) << name;
    }
    EXPECT_EQ(sites_->get_stay(Actor::system(), out->ended_stay->id)->checked_out_on,
              ctx_->today());
  }
  // Released at the end of its period (the policy-less order checks only the end date).
  Room room = make_room(site, "release");
  QuarantineOrder order = make_order(grid_a_);
  ASSERT_TRUE(sites_->check_in(Actor::system(), site.id, order.id, room.id).ok());
  clock_.set(Instant::parse("2020-02-14T03:00:00Z").value());
  auto released = orders.act(Actor::system(), order.id, OrderAction::kRelease, {});
  ASSERT_TRUE(released.ok()) << released.status().to_string();
  ASSERT_TRUE(released->ended_stay);
  EXPECT_EQ(released->ended_stay->end_reason, "release");
  EXPECT_EQ(sites_->get(Actor::system(), site.id)->occupied, 0);

  // Per day: two people in and out on the 5th; the third in on the 5th, out on the 14th.
  auto days = sites_->occupancy(Actor::system(), site.id, "2020-02-05", "2020-02-14");
  ASSERT_TRUE(days.ok()) << days.status().to_string();
  ASSERT_EQ(days->size(), 10u);
  EXPECT_EQ(days->front().checked_in, 3);
  EXPECT_EQ(days->front().checked_out, 2);
  EXPECT_EQ(days->front().occupied, 1);
  EXPECT_EQ((*days)[8].occupied, 1);
  EXPECT_EQ(days->back().checked_out, 1);
  EXPECT_EQ(days->back().occupied, 0);
}

TEST_F(SitesTest, TransferringAnOrderToAnotherSiteChecksItInThere) {
  OrderService orders(*ctx_);
  Site from = make_site(5, grid_a_);
  Room from_room = make_room(from, "101");
  Room from_room_2 = make_room(from, "102");
  Site to = make_site(1, grid_a_);
  Room to_a = make_room(to, "201");
  make_room(to, "202");
  QuarantineOrder first = make_order(grid_a_);
  ASSERT_TRUE(sites_->check_in(Actor::system(), from.id, first.id, from_room.id).ok());
  OrderActionInput to_site;
  to_site.site_id = to.id;
  auto moved = orders.act(Actor::system(), first.id, OrderAction::kTransfer, to_site);
  ASSERT_TRUE(moved.ok()) << moved.status().to_string();
  ASSERT_TRUE(moved->ended_stay && moved->stay);
  EXPECT_EQ(moved->ended_stay->end_reason, "transfer_order");
  EXPECT_EQ(moved->stay->site_id, to.id);
  EXPECT_EQ(moved->stay->room_id, to_a.id);  // the first room with space
  EXPECT_EQ(moved->order.site_id, to.id);
  EXPECT_EQ(sites_->get(Actor::system(), from.id)->occupied, 0);
  EXPECT_EQ(sites_->get(Actor::system(), to.id)->occupied, 1);

  // The new site is full: the whole transfer is refused and nothing moves.
  QuarantineOrder second = make_order(grid_a_);
  auto stay = sites_->check_in(Actor::system(), from.id, second.id, from_room_2.id);
  ASSERT_TRUE(stay.ok());
  auto full = orders.act(Actor::system(), second.id, OrderAction::kTransfer, to_site);
  EXPECT_EQ(full.status().code(), "site_full");
  EXPECT_EQ(full.status().kind(), Status::Kind::kConflict);
  EXPECT_EQ(sites_->get(Actor::system(), from.id)->occupied, 1);
  EXPECT_EQ(sites_->get(Actor::system(), to.id)->occupied, 1);
  EXPECT_FALSE(sites_->get_stay(Actor::system(), stay->id)->checked_out_at);
  auto second_now = orders.get(Actor::system(), second.id);
  ASSERT_TRUE(second_now.ok());
  EXPECT_EQ(second_now->order.site_id, from.id);
  EXPECT_EQ(second_now->history.back().action, "activate");

  // A named room that is taken, or of another site.
  ASSERT_TRUE(sites_->update(Actor::system(), to.id, SiteInput{.capacity = 3}).ok());
  to_site.room_id = to_a.id;
  EXPECT_EQ(orders.act(Actor::system(), second.id, OrderAction::kTransfer, to_site)
                .status().code(), "room_full");
  to_site.room_id = from_room.id;
  auto foreign = orders.act(Actor::system(), second.id, OrderAction::kTransfer, to_site);
  ASSERT_FALSE(foreign.status().errors().empty());
  EXPECT_EQ(foreign.status().errors().at(0).code, "room_not_found");
  EXPECT_EQ(sites_->get(Actor::system(), from.id)->occupied, 1);

  // Every room taken though the site has beds left.
  to_site.room_id.reset();
  ASSERT_TRUE(orders.act(Actor::system(), second.id, OrderAction::kTransfer, to_site).ok());
  QuarantineOrder third = make_order(grid_a_);
  ASSERT_TRUE(sites_->check_in(Actor::system(), from.id, third.id, from_room.id).ok());
  EXPECT_EQ(orders.act(Actor::system(), third.id, OrderAction::kTransfer, to_site)
                .status().code(), "no_free_room");

  // Home: checked out, no new stay.
  OrderActionInput home;
  home.kind = "home";
  auto at_home = orders.act(Actor::system(), first.id, OrderAction::kTransfer, home);
  ASSERT_TRUE(at_home.ok()) << at_home.status().to_string();
  ASSERT_TRUE(at_home->ended_stay);
  EXPECT_FALSE(at_home->stay);
  EXPECT_EQ(sites_->get(Actor::system(), to.id)->occupied, 1);

  // An order not yet checked in only records its site, unless a room is named.
  QuarantineOrder waiting = make_order(grid_a_);
  OrderActionInput assign;
  assign.site_id = from.id;
  auto assigned = orders.act(Actor::system(), waiting.id, OrderAction::kTransfer, assign);
  ASSERT_TRUE(assigned.ok()) << assigned.status().to_string();
  EXPECT_FALSE(assigned->stay);
  EXPECT_EQ(sites_->get(Actor::system(), from.id)->occupied, 1);
}

TEST_F(SitesTest, OrdersNameOnlySitesOfTheJurisdiction) {
  OrderService orders(*ctx_);
  Site elsewhere = make_site(5, grid_b_);
  Site here = make_site(5, grid_a_);
  QuarantineOrder order = make_order(grid_a_);
  Actor worker = confined_to(grid_a_);
  OrderActionInput to_site;
  to_site.site_id = elsewhere.id;
  auto out = orders.act(worker, order.id, OrderAction::kTransfer, to_site);
  ASSERT_FALSE(out.status().errors().empty());
  EXPECT_EQ(out.status().errors().at(0).code, "site_not_found");
  to_site.site_id = here.id;
  EXPECT_TRUE(orders.act(worker, order.id, OrderAction::kTransfer, to_site).ok());
  EXPECT_EQ(sites_->get(worker, elsewhere.id).status().code(), "site_not_found");
  EXPECT_EQ(sites_->board(worker, elsewhere.id).status().code(), "site_not_found");
  EXPECT_EQ(followups_->due(worker, std::nullopt, elsewhere.id, 0, 50).status().code(),
            "site_not_found");
}

}  // namespace
}  // namespace cordon::service

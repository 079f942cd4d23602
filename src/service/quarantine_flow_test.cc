// Orders, arrivals, policies, risk areas and tests together, on a real store with the
// policy files shipped in policies/.
#include <gtest/gtest.h>

#include "service/arrivals.h"
#include "service/lab_tests.h"
#include "service/orders.h"
#include "service/policies.h"
#include "service/test_fixture.h"

namespace cordon::service {
namespace {

class QuarantineFlowTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    auto catalog = PolicyCatalog::load_dir(std::string(CORDON_SOURCE_DIR) + "/policies",
                                           "cn-2020-early");
    ASSERT_TRUE(catalog.ok()) << catalog.status().to_string();
    catalog_ = std::make_unique<PolicyCatalog>(std::move(*catalog));
    policies_ = std::make_unique<PolicyService>(*ctx_, *catalog_);
    orders_ = std::make_unique<OrderService>(*ctx_, *catalog_);
    arrivals_ = std::make_unique<ArrivalService>(*ctx_, *catalog_);
    areas_ = std::make_unique<RiskAreaService>(*ctx_);
    labs_ = std::make_unique<LabService>(*ctx_);
    person_ = register_person("刘东升", "150783198003120015", grid_a_);
  }

  Person register_person(const char* name, const char* id, const Node& grid) {
    PersonInput in;
    in.name = name;
    in.id_number = id;
    in.grid_id = grid.id;
    auto p = persons_->create(Actor::system(), in);
    EXPECT_TRUE(p.ok()) << p.status().to_string();
    return p.ok() ? *p : Person{};
  }

  void at(const char* rfc3339) { clock_.set(Instant::parse(rfc3339).value()); }
  void use_policy(const char* code) {
    ASSERT_TRUE(policies_->set_in_force(Actor::system(), code, std::nullopt).ok());
  }

  QuarantineOrder close_contact(const char* exposure) {
    OrderInput in;
    in.person_id = person_.id;
    in.reason = "close_contact";
    in.anchor_date = exposure;
    auto o = orders_->create(Actor::system(), in);
    EXPECT_TRUE(o.ok()) << o.status().to_string();
    return o.ok() ? *o : QuarantineOrder{};
  }

  Result<ActionOutcome> act(int64_t id, OrderAction action, OrderActionInput in = {}) {
    return orders_->act(Actor::system(), id, action, in);
  }

  void negative_test(const char* on) {
    SampleInput s;
    s.person_id = person_.id;
    s.kind = "pcr";
    s.sampled_on = on;
    s.result = "negative";
    s.resulted_on = on;
    auto r = labs_->record_sample(Actor::system(), s);
    ASSERT_TRUE(r.ok()) << r.status().to_string();
  }

  std::unique_ptr<PolicyCatalog> catalog_;
  std::unique_ptr<PolicyService> policies_;
  std::unique_ptr<OrderService> orders_;
  std::unique_ptr<ArrivalService> arrivals_;
  std::unique_ptr<RiskAreaService> areas_;
  std::unique_ptr<LabService> labs_;
  Person person_;
};

TEST_F(QuarantineFlowTest, OrderComputedByThePolicyInForce) {
  // The default before any switch: early 2020, 14 days at home from the last exposure.
  auto in_force = policies_->in_force(Actor::system());
  ASSERT_TRUE(in_force.ok());
  EXPECT_EQ(in_force->policy->code, "cn-2020-early");
  EXPECT_FALSE(in_force->since);
  QuarantineOrder o = close_contact("2020-02-03");
  EXPECT_EQ(o.kind, OrderKind::kHome);
  EXPECT_EQ(o.end_date.to_string(), "2020-02-17");
  EXPECT_EQ(o.start_date.to_string(), "2020-02-05");  // found two days later: starts today
  EXPECT_EQ(o.policy_code, "cn-2020-early");
  // Found after the period ended: nothing to order.
  OrderInput late;
  late.person_id = person_.id;
  late.reason = "close_contact";
  late.anchor_date = "2020-01-10";
  EXPECT_EQ(orders_->create(Actor::system(), late).status().errors().at(0).code, "period_over");
  // A policy that orders nothing for the reason.
  use_policy("cn-20-measures-2022");
  late.reason = "secondary_contact";
  late.anchor_date = "2020-02-04";
  EXPECT_EQ(orders_->create(Actor::system(), late).status().errors().at(0).code,
            "policy_requires_no_order");
}

TEST_F(QuarantineFlowTest, ReleaseChecksConditionsAndCreatesTheFollowOnStage) {
  use_policy("cn-9th-2022");
  at("2022-07-01T02:00:00Z");
  QuarantineOrder o = close_contact("2022-07-01");
  EXPECT_EQ(o.kind, OrderKind::kCentralized);
  EXPECT_EQ(o.start_date.to_string(), "2022-07-01");
  EXPECT_EQ(o.end_date.to_string(), "2022-07-08");
  // Not active yet: release is an illegal transition.
  EXPECT_EQ(act(o.id, OrderAction::kRelease).status().code(), "order.illegal_transition");
  ASSERT_TRUE(act(o.id, OrderAction::kActivate).ok());
  // 23:59:59 in Shanghai on the 7th: the last day has not come, and no test yet.
  at("2022-07-07T15:59:59Z");
  auto early = act(o.id, OrderAction::kRelease);
  ASSERT_EQ(early.status().code(), "order.release_conditions_not_met");
  EXPECT_EQ(early.status().errors().size(), 2u);
  negative_test("2022-07-07");
  // Midnight in Shanghai (16:00 UTC): the 8th has come.
  at("2022-07-07T16:00:00Z");
  auto released = act(o.id, OrderAction::kRelease);
  ASSERT_TRUE(released.ok()) << released.status().to_string();
  EXPECT_EQ(released->order.status, OrderStatus::kReleased);
  EXPECT_EQ(released->order.released_on->to_string(), "2022-07-08");
  ASSERT_TRUE(released->follow_on);
  EXPECT_EQ(released->follow_on->kind, OrderKind::kHomeMonitoring);
  EXPECT_EQ(released->follow_on->status, OrderStatus::kActive);
  EXPECT_EQ(released->follow_on->start_date.to_string(), "2022-07-09");
  EXPECT_EQ(released->follow_on->end_date.to_string(), "2022-07-11");
  EXPECT_EQ(released->follow_on->parent_order_id, o.id);
  EXPECT_EQ(orders_->get(Actor::system(), o.id)->follow_on_order_id, released->follow_on->id);
  // Released is final.
  EXPECT_EQ(act(o.id, OrderAction::kBreak).status().code(), "order.illegal_transition");
}

TEST_F(QuarantineFlowTest, ExtensionKeepsThePreviousEndAndNeverShortens) {
  use_policy("cn-9th-2022");
  at("2022-07-01T02:00:00Z");
  QuarantineOrder o = close_contact("2022-07-01");
  OrderActionInput in;
  in.exposure_date = "2022-07-04";
  auto extended = act(o.id, OrderAction::kExtend, in);
  ASSERT_TRUE(extended.ok()) << extended.status().to_string();
  EXPECT_EQ(extended->order.end_date.to_string(), "2022-07-11");
  EXPECT_EQ(extended->order.anchor_date.to_string(), "2022-07-04");
  auto detail = orders_->get(Actor::system(), o.id);
  ASSERT_EQ(detail->history.size(), 2u);
  EXPECT_EQ(detail->history[1].action, "extend");
  EXPECT_EQ(detail->history[1].previous_end_date->to_string(), "2022-07-08");
  EXPECT_EQ(detail->history[1].end_date->to_string(), "2022-07-11");
  OrderActionInput shorter;
  shorter.end_date = "2022-07-10";
  EXPECT_EQ(act(o.id, OrderAction::kExtend, shorter).status().errors().at(0).code,
            "extension_not_later");
  OrderActionInput stale;
  stale.version = o.version;
  stale.end_date = "2022-07-20";
  EXPECT_EQ(act(o.id, OrderAction::kExtend, stale).status().code(), "version_mismatch");
}

TEST_F(QuarantineFlowTest, TransferBetweenHomeAndSites) {
  QuarantineOrder o = close_contact("2020-02-04");  // home
  OrderActionInput to_site;
  to_site.kind = "centralized";
  EXPECT_EQ(act(o.id, OrderAction::kTransfer, to_site).status().errors().at(0).code,
            "site_required");
  to_site.site_id = 7;
  auto moved = act(o.id, OrderAction::kTransfer, to_site);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->order.kind, OrderKind::kCentralized);
  EXPECT_EQ(moved->order.site_id, 7);
  EXPECT_EQ(act(o.id, OrderAction::kTransfer, to_site).status().errors().at(0).code,
            "transfer_changes_nothing");
  OrderActionInput other_site;
  other_site.site_id = 8;
  ASSERT_TRUE(act(o.id, OrderAction::kTransfer, other_site).ok());
  OrderActionInput home;
  home.kind = "home";
  auto back = act(o.id, OrderAction::kTransfer, home);
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->order.site_id);
  auto history = orders_->get(Actor::system(), o.id)->history;
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history[2].from_site_id, 7);
  EXPECT_EQ(history[2].to_site_id, 8);
  EXPECT_EQ(history[3].to_kind, OrderKind::kHome);
}

TEST_F(QuarantineFlowTest, SwitchingPolicyNeverChangesOrdersUntilApplied) {
  at("2022-07-01T02:00:00Z");
  QuarantineOrder o = close_contact("2022-07-01");  // early 2020: 14 days
  EXPECT_EQ(o.end_date.to_string(), "2022-07-15");
  use_policy("cn-9th-2022");
  EXPECT_EQ(orders_->get(Actor::system(), o.id)->order.end_date.to_string(), "2022-07-15");
  auto preview = policies_->recompute_preview(Actor::system());
  ASSERT_TRUE(preview.ok());
  ASSERT_EQ(preview->size(), 1u);
  EXPECT_EQ((*preview)[0].order.end_date.to_string(), "2022-07-15");
  EXPECT_EQ((*preview)[0].new_end_date->to_string(), "2022-07-08");
  EXPECT_EQ(policies_->recompute_apply(Actor::system(), {9999}).status().errors().at(0).code,
            "not_recomputable");
  auto applied = policies_->recompute_apply(Actor::system(), {});
  ASSERT_TRUE(applied.ok()) << applied.status().to_string();
  ASSERT_EQ(applied->size(), 1u);
  auto after = orders_->get(Actor::system(), o.id);
  EXPECT_EQ(after->order.end_date.to_string(), "2022-07-08");
  EXPECT_EQ(after->order.policy_code, "cn-9th-2022");
  EXPECT_EQ(after->history.back().action, "recompute");
  EXPECT_EQ(after->history.back().previous_end_date->to_string(), "2022-07-15");
  EXPECT_TRUE(policies_->recompute_preview(Actor::system())->empty());
  EXPECT_EQ(policies_->set_in_force(Actor::system(), "cn-99th", std::nullopt).status().code(),
            "policy_not_found");
}

TEST_F(QuarantineFlowTest, ArrivalFromARiskAreaProducesTheOrderOfItsLevelOnThatDate) {
  use_policy("cn-9th-2022");
  at("2022-07-20T02:00:00Z");
  RiskAreaInput area;
  area.name = "某市某区";
  area.code = "420100";
  area.level = "medium";
  area.effective_from = "2022-07-01";
  auto a = areas_->create(Actor::system(), area);
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  RiskLevelInput high;
  high.level = "high";
  high.effective_from = "2022-07-15";
  ASSERT_TRUE(areas_->add_level(Actor::system(), a->id, high).ok());

  ArrivalInput in;
  in.person_id = person_.id;
  in.origin_area_id = a->id;
  in.arrival_date = "2022-07-16";
  in.transport = "train";
  in.temperature = 37.4;
  auto r = arrivals_->report(Actor::system(), in);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->arrival.risk_level, RiskLevel::kHigh);
  EXPECT_TRUE(r->fever);
  ASSERT_TRUE(r->order);
  EXPECT_EQ(r->order->kind, OrderKind::kCentralized);
  EXPECT_EQ(r->order->reason, OrderReason::kArrival);
  EXPECT_EQ(r->order->end_date.to_string(), "2022-07-23");
  EXPECT_EQ(r->order->arrival_id, r->arrival.id);
  EXPECT_EQ(arrivals_->get(Actor::system(), r->arrival.id)->order_id, r->order->id);

  // The same area on the 10th was medium: 7 days at home.
  in.arrival_date = "2022-07-14";
  in.temperature = 36.5;
  auto medium = arrivals_->report(Actor::system(), in);
  ASSERT_TRUE(medium.ok());
  EXPECT_FALSE(medium->fever);
  EXPECT_EQ(medium->order->kind, OrderKind::kHome);
  // An origin on no list is low: no order.
  in.origin_area_id.reset();
  in.origin = "某县";
  auto low = arrivals_->report(Actor::system(), in);
  ASSERT_TRUE(low.ok());
  EXPECT_FALSE(low->order);
  EXPECT_EQ(low->arrival.risk_level, RiskLevel::kLow);
}

TEST_F(QuarantineFlowTest, ArrivalWithInlinePersonMatchesByDocument) {
  use_policy("cn-9th-2022");
  at("2022-07-20T02:00:00Z");
  Actor desk = confined_to(grid_a_);
  desk.role = "hotel_front_desk";
  desk.jurisdiction_id = grid_a_.id;
  ArrivalInput in;
  in.person = PersonInput{};
  in.person->name = "王芳";
  in.person->id_number = "15078319851120002X";
  in.origin = "某市";
  in.arrival_date = "2022-07-19";
  auto first = arrivals_->report(desk, in);
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_TRUE(first->person_created);
  auto second = arrivals_->report(desk, in);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->person_created);
  EXPECT_EQ(second->arrival.person_id, first->arrival.person_id);
  // Every bad field at once.
  ArrivalInput bad;
  bad.arrival_date = "2022-07-21";
  bad.transport = "horse";
  bad.temperature = 45;
  auto r = arrivals_->report(desk, bad);
  ASSERT_EQ(r.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(r.status().errors().size(), 5u);
  // A desk outside grid A cannot place a traveller there.
  Actor desk_b = confined_to(grid_b_);
  desk_b.jurisdiction_id = grid_b_.id;
  in.grid_id = grid_a_.id;
  in.person->id_number = "11010519491231002X";
  EXPECT_EQ(arrivals_->report(desk_b, in).status().errors().at(0).code, "grid_not_found");
}

TEST_F(QuarantineFlowTest, PositivePooledTubeFlagsEveryMemberForRetest) {
  use_policy("cn-9th-2022");
  at("2022-07-01T02:00:00Z");
  QuarantineOrder o = close_contact("2022-07-01");
  ASSERT_TRUE(act(o.id, OrderAction::kActivate).ok());
  Person other = register_person("王芳", "15078319851120002X", grid_a_);
  at("2022-07-05T02:00:00Z");
  TubeInput tube;
  tube.code = "T-0001";
  tube.kind = "pcr";
  tube.sampled_on = "2022-07-05";
  tube.member_person_ids = std::vector<int64_t>{person_.id, other.id};
  auto t = labs_->create_tube(Actor::system(), tube);
  ASSERT_TRUE(t.ok()) << t.status().to_string();
  EXPECT_EQ(labs_->create_tube(Actor::system(), tube).status().code(), "duplicate_tube_code");
  ResultInput positive;
  positive.result = "positive";
  auto r = labs_->record_tube_result(Actor::system(), t->tube.id, positive);
  ASSERT_TRUE(r.ok());
  for (const auto& m : r->members) EXPECT_TRUE(m.retest_required);
  EXPECT_EQ(labs_->record_tube_result(Actor::system(), t->tube.id, positive).status().code(),
            "test.result_already_recorded");
  SampleQuery flagged;
  flagged.retest_required = "true";
  EXPECT_EQ(labs_->list_samples(Actor::system(), flagged)->items.size(), 2u);
  EXPECT_EQ(labs_->record_result(Actor::system(), r->members[0].id, positive).status().code(),
            "test.pooled_sample");
  // Release is refused while the retest is due; an individual negative clears it.
  at("2022-07-08T02:00:00Z");
  auto refused = act(o.id, OrderAction::kRelease);
  ASSERT_EQ(refused.status().errors().size(), 2u);
  EXPECT_EQ(refused.status().errors()[0].code, "negative_tests_missing");
  EXPECT_EQ(refused.status().errors()[1].code, "retest_pending");
  auto schedule = orders_->test_schedule(Actor::system(), o.id);
  ASSERT_TRUE(schedule.ok());
  EXPECT_EQ(schedule->tests.size(), 5u);
  EXPECT_FALSE(schedule->tests[3].sample_id);  // day 5: only the flagged pooled sample
  negative_test("2022-07-08");
  EXPECT_EQ(labs_->list_samples(Actor::system(), flagged)->items.size(), 1u);  // the other member
  EXPECT_TRUE(act(o.id, OrderAction::kRelease).ok());
}

TEST_F(QuarantineFlowTest, ReleaseListPerGridWithConditions) {
  use_policy("cn-9th-2022");
  at("2022-07-01T02:00:00Z");
  QuarantineOrder o = close_contact("2022-07-01");
  ASSERT_TRUE(act(o.id, OrderAction::kActivate).ok());
  ReleaseListQuery q;
  q.date = "2022-07-07";
  auto list = orders_->release_list(Actor::system(), q);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->due.empty());
  ASSERT_EQ(list->due_next.size(), 1u);
  EXPECT_EQ(list->due_next[0].conditions.errors().at(0).code, "negative_tests_missing");
  q.date = "2022-07-08";
  EXPECT_EQ(orders_->release_list(Actor::system(), q)->due.size(), 1u);
  q.grid_id = grid_b_.id;
  EXPECT_TRUE(orders_->release_list(Actor::system(), q)->due.empty());
  EXPECT_EQ(orders_->release_list(confined_to(grid_b_), ReleaseListQuery{grid_a_.id, {}, {}})
                .status()
                .errors()
                .at(0)
                .field,
            "grid_id");
}

TEST_F(QuarantineFlowTest, ListFiltersAndPages) {
  use_policy("cn-9th-2022");
  at("2022-07-01T02:00:00Z");
  for (int i = 0; i < 5; ++i) close_contact("2022-07-01");
  OrderListQuery q;
  q.limit = "2";
  q.status = "ordered";
  std::vector<int64_t> seen;
  for (int pages = 0; pages < 5; ++pages) {
    auto page = orders_->list(Actor::system(), q);
    ASSERT_TRUE(page.ok()) << page.status().to_string();
    for (const auto& o : page->items) seen.push_back(o.id);
    if (!page->next_cursor) break;
    q.cursor = page->next_cursor;
  }
  EXPECT_EQ(seen.size(), 5u);
  OrderListQuery bad;
  bad.status = "paused";
  bad.end_from = "July";
  EXPECT_EQ(orders_->list(Actor::system(), bad).status().errors().size(), 2u);
  OrderListQuery other_grid;
  EXPECT_TRUE(orders_->list(confined_to(grid_b_), other_grid)->items.empty());
}

}  // namespace
}  // namespace cordon::service

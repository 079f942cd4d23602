#include "core/quarantine.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

constexpr OrderStatus kAllStatuses[] = {OrderStatus::kOrdered, OrderStatus::kActive,
                                        OrderStatus::kReleased, OrderStatus::kEscalated,
                                        OrderStatus::kBroken};
constexpr OrderAction kAllActions[] = {OrderAction::kActivate, OrderAction::kRelease,
                                       OrderAction::kEscalate, OrderAction::kBreak,
                                       OrderAction::kExtend,   OrderAction::kTransfer};

TEST(QuarantineTest, NamesRoundTrip) {
  for (auto k : {OrderKind::kCentralized, OrderKind::kHome, OrderKind::kHomeMonitoring})
    EXPECT_EQ(parse_order_kind(order_kind_name(k)), k);
  for (auto r : {OrderReason::kArrival, OrderReason::kCloseContact, OrderReason::kSecondaryContact})
    EXPECT_EQ(parse_order_reason(order_reason_name(r)), r);
  for (auto s : kAllStatuses) EXPECT_EQ(parse_order_status(order_status_name(s)), s);
  EXPECT_FALSE(parse_order_kind("Home"));
  EXPECT_FALSE(parse_order_status(""));
  EXPECT_STREQ(order_kind_name(OrderKind::kHomeMonitoring), "home_monitoring");
}

// The whole transition table, written out so a change to it is a deliberate one.
TEST(QuarantineTest, TransitionTable) {
  using S = OrderStatus;
  using A = OrderAction;
  struct Row {
    S from;
    A action;
    std::optional<S> to;
  };
  const Row rows[] = {
      {S::kOrdered, A::kActivate, S::kActive},   {S::kOrdered, A::kRelease, {}},
      {S::kOrdered, A::kEscalate, S::kEscalated}, {S::kOrdered, A::kBreak, {}},
      {S::kOrdered, A::kExtend, S::kOrdered},    {S::kOrdered, A::kTransfer, S::kOrdered},
      {S::kActive, A::kActivate, {}},            {S::kActive, A::kRelease, S::kReleased},
      {S::kActive, A::kEscalate, S::kEscalated}, {S::kActive, A::kBreak, S::kBroken},
      {S::kActive, A::kExtend, S::kActive},      {S::kActive, A::kTransfer, S::kActive},
      {S::kBroken, A::kActivate, S::kActive},    {S::kBroken, A::kRelease, {}},
      {S::kBroken, A::kEscalate, S::kEscalated}, {S::kBroken, A::kBreak, {}},
      {S::kBroken, A::kExtend, {}},              {S::kBroken, A::kTransfer, {}},
  };
  for (const auto& row : rows) {
    auto r = apply_action(row.from, row.action);
    SCOPED_TRACE(std::string(order_status_name(row.from)) + " " + order_action_name(row.action));
    EXPECT_EQ(action_allowed(row.from, row.action), row.to.has_value());
    if (row.to) {
      ASSERT_TRUE(r.ok());
      EXPECT_EQ(*r, *row.to);
    } else {
      EXPECT_EQ(r.status().kind(), Status::Kind::kConflict);
      EXPECT_EQ(r.status().code(), "order.illegal_transition");
    }
  }
}

TEST(QuarantineTest, FinalStatusesRefuseEveryAction) {
  for (auto s : kAllStatuses) {
    if (!is_final(s)) continue;
    for (auto a : kAllActions) EXPECT_FALSE(action_allowed(s, a)) << order_action_name(a);
  }
  EXPECT_TRUE(is_final(OrderStatus::kReleased));
  EXPECT_TRUE(is_final(OrderStatus::kEscalated));
  EXPECT_FALSE(is_final(OrderStatus::kBroken));
}

TEST(QuarantineTest, ValidateReportsEveryProblem) {
  QuarantineOrder o;
  o.person_id = 1;
  o.kind = OrderKind::kHome;
  o.anchor_date = LocalDate::from_ymd(2020, 2, 5).value();
  o.start_date = LocalDate::from_ymd(2020, 2, 4).value();
  o.end_date = LocalDate::from_ymd(2020, 2, 3).value();
  o.site_id = 7;
  Status s = validate_order(o);
  ASSERT_EQ(s.errors().size(), 3u);
  EXPECT_EQ(s.errors()[0].field, "end_date");
  EXPECT_EQ(s.errors()[1].field, "start_date");
  EXPECT_EQ(s.errors()[2].field, "site_id");
  o.kind = OrderKind::kCentralized;
  o.start_date = o.anchor_date;
  o.end_date = o.anchor_date.plus_days(14);
  EXPECT_TRUE(validate_order(o).ok());
  EXPECT_EQ(order_days(o), 15);
}

}  // namespace
}  // namespace cordon

#include "core/quarantine.h"

#include "core/enum_names.h"

#include <utility>

namespace cordon {

namespace {

constexpr EnumNames<OrderKind, 3> kKinds{{
    {OrderKind::kCentralized, "centralized"},
    {OrderKind::kHome, "home"},
    {OrderKind::kHomeMonitoring, "home_monitoring"},
}};
constexpr EnumNames<OrderReason, 3> kReasons{{
    {OrderReason::kArrival, "arrival"},
    {OrderReason::kCloseContact, "close_contact"},
    {OrderReason::kSecondaryContact, "secondary_contact"},
}};
constexpr EnumNames<OrderStatus, 5> kStatuses{{
    {OrderStatus::kOrdered, "ordered"},
    {OrderStatus::kActive, "active"},
    {OrderStatus::kReleased, "released"},
    {OrderStatus::kEscalated, "escalated"},
    {OrderStatus::kBroken, "broken"},
}};
constexpr EnumNames<OrderAction, 6> kActions{{
    {OrderAction::kActivate, "activate"},
    {OrderAction::kRelease, "release"},
    {OrderAction::kEscalate, "escalate"},
    {OrderAction::kBreak, "break"},
    {OrderAction::kExtend, "extend"},
    {OrderAction::kTransfer, "transfer"},
}};

// The target status of each transition, by source status; nullopt where refused.
std::optional<OrderStatus> target(OrderStatus from, OrderAction action) {
  using S = OrderStatus;
  using A = OrderAction;
  switch (action) {
    case A::kActivate:
      if (from == S::kOrdered || from == S::kBroken) return S::kActive;
      return std::nullopt;
    case A::kRelease:
      if (from == S::kActive) return S::kReleased;
      return std::nullopt;
    case A::kEscalate:
      if (from == S::kOrdered || from == S::kActive || from == S::kBroken) return S::kEscalated;
      return std::nullopt;
    case A::kBreak:
      if (from == S::kActive) return S::kBroken;
      return std::nullopt;
    case A::kExtend:
    case A::kTransfer:
      if (from == S::kOrdered || from == S::kActive) return from;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

const char* order_kind_name(OrderKind k) { return enum_name(k, kKinds); }
const char* order_reason_name(OrderReason r) { return enum_name(r, kReasons); }
const char* order_status_name(OrderStatus s) { return enum_name(s, kStatuses); }
const char* order_action_name(OrderAction a) { return enum_name(a, kActions); }
std::optional<OrderKind> parse_order_kind(std::string_view t) { return enum_from_name(t, kKinds); }
std::optional<OrderReason> parse_order_reason(std::string_view t) {
  return enum_from_name(t, kReasons);
}
std::optional<OrderStatus> parse_order_status(std::string_view t) {
  return enum_from_name(t, kStatuses);
}

bool is_final(OrderStatus s) { return s == OrderStatus::kReleased || s == OrderStatus::kEscalated; }

bool action_allowed(OrderStatus from, OrderAction action) {
  return target(from, action).has_value();
}

Result<OrderStatus> apply_action(OrderStatus from, OrderAction action) {
  if (auto to = target(from, action)) return *to;
  return Status::conflict("order.illegal_transition",
                          std::string("cannot ") + order_action_name(action) + " an order that is " +
                              order_status_name(from));
}

Status validate_order(const QuarantineOrder& o) {
  Validation v;
  if (o.end_date < o.start_date)
    v.add("end_date", "end_before_start", "end_date must not be before start_date");
  if (o.start_date < o.anchor_date)
    v.add("start_date", "start_before_anchor",
          "start_date must not be before the anchor (last exposure or arrival) date");
  if (o.site_id && !kind_needs_site(o.kind))
    v.add("site_id", "site_for_home_order", "only a centralized order has a site");
  if (o.person_id <= 0) v.add("person_id", "required", "person_id is required");
  return v.status();
}

}  // namespace cordon

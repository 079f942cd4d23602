// Quarantine orders (隔离/健康监测): what a person must do, where, from when to when, and
// the state machine every order follows.
//
//   ordered ──activate──► active ──release──► released
//      │                    │ ▲
//      │                    │ └──activate (resumed after persuasion)── broken
//      │                    ├──break──► broken
//      └──escalate──►  escalated ◄──escalate── (active, broken)
//
// released and escalated are final. Extensions and transfers do not change the status;
// they are allowed while an order is ordered or active.
//
// Dates are local calendar dates of the deployment's time zone (see docs/policies.md for
// how they are counted). Plain values; pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace cordon {

enum class OrderKind {
  kCentralized,     // 集中隔离, at a site
  kHome,            // 居家隔离
  kHomeMonitoring,  // 居家健康监测
};

enum class OrderReason {
  kArrival,           // arrived from a risk area
  kCloseContact,      // 密接: exposed to a case
  kSecondaryContact,  // 次密接: exposed to a close contact
};

enum class OrderStatus {
  kOrdered,    // decided, not yet begun (e.g. waiting for the escort)
  kActive,     // in quarantine
  kReleased,   // period over, release conditions met (final)
  kEscalated,  // became a case (final)
  kBroken,     // left quarantine early; may be resumed
};

// What may be done to an order; each is one audited request.
enum class OrderAction {
  kActivate,
  kRelease,
  kEscalate,
  kBreak,
  kExtend,
  kTransfer,
};

const char* order_kind_name(OrderKind k);      // "centralized", "home", "home_monitoring"
const char* order_reason_name(OrderReason r);  // "arrival", "close_contact", "secondary_contact"
const char* order_status_name(OrderStatus s);  // "ordered", "active", ...
const char* order_action_name(OrderAction a);  // "activate", "release", ...
std::optional<OrderKind> parse_order_kind(std::string_view text);
std::optional<OrderReason> parse_order_reason(std::string_view text);
std::optional<OrderStatus> parse_order_status(std::string_view text);

// Whether the order's place is a quarantine site (centralized) rather than home.
inline bool kind_needs_site(OrderKind k) { return k == OrderKind::kCentralized; }

bool is_final(OrderStatus s);

// Whether `action` is allowed in status `from`.
bool action_allowed(OrderStatus from, OrderAction action);

// The status after `action` from `from`, or conflict "order.illegal_transition" naming
// both when the action is not allowed there.
Result<OrderStatus> apply_action(OrderStatus from, OrderAction action);

struct QuarantineOrder {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t grid_id = 0;  // the person's grid when ordered: decides who may see the order
  OrderKind kind = OrderKind::kHome;
  OrderReason reason = OrderReason::kArrival;
  OrderStatus status = OrderStatus::kOrdered;
  LocalDate anchor_date;  // last exposure or arrival: what the policy counts from
  LocalDate start_date;   // first day of this stage
  LocalDate end_date;     // last day of this stage (inclusive)
  std::optional<int64_t> site_id;  // centralized orders: the site (sites are a separate table)
  std::string policy_code;         // the policy the dates were computed with
  int policy_version = 0;
  int stage = 0;                          // index of the policy stage this order carries out
  std::optional<int64_t> parent_order_id;  // the stage before this one
  std::optional<int64_t> arrival_id;       // the arrival that produced it, if any
  std::optional<LocalDate> released_on;    // set by release
  std::string note;
  Instant created_at;
  Instant updated_at;
  int64_t version = 1;
};

// One entry of an order's history: its creation, every transition, extension and
// transfer. An extension keeps the previous end (previous_end_date), so no end date is
// ever lost.
struct OrderEvent {
  int64_t id = 0;
  int64_t order_id = 0;
  Instant at;
  std::string action;  // "create", "activate", "extend", "transfer", "recompute", ...
  OrderStatus from_status = OrderStatus::kOrdered;
  OrderStatus to_status = OrderStatus::kOrdered;
  std::optional<LocalDate> previous_end_date;
  std::optional<LocalDate> end_date;
  std::optional<int64_t> from_site_id;
  std::optional<int64_t> to_site_id;
  std::optional<OrderKind> from_kind;
  std::optional<OrderKind> to_kind;
  int64_t actor_user_id = 0;
  std::string note;
};

// Checks the shape of an order before it is stored: dates in order (start <= end, anchor
// <= start), a site only for centralized orders. Every problem as a field error.
Status validate_order(const QuarantineOrder& order);

// Whole days the order lasts, both ends included.
inline int32_t order_days(const QuarantineOrder& o) {
  return o.end_date.days_since(o.start_date) + 1;
}

}  // namespace cordon

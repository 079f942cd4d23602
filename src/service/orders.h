// Use cases of quarantine orders: order, read with history, list, and the actions of the
// state machine (core/quarantine.h).
//
// An order belongs to the grid of its person at the time it was made (order.grid_id);
// an actor sees an order only when that grid lies inside its jurisdiction, and an order
// outside answers not found like a missing one. Every change and every read is audited
// (record type "quarantine_order").
//
// Thread-safe: holds only references to the Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/quarantine.h"
#include "service/context.h"

namespace cordon::service {

// Fields of a new order as submitted. Absent optionals mean "not given".
struct OrderInput {
  std::optional<int64_t> person_id;
  std::optional<std::string> kind;         // centralized | home | home_monitoring
  std::optional<std::string> reason;       // arrival | close_contact | secondary_contact
  std::optional<std::string> anchor_date;  // last exposure or arrival, YYYY-MM-DD
  // Normally computed by the policy in force; given explicitly they override it (the
  // order then records the policy in force all the same, for its other rules).
  std::optional<std::string> start_date;
  std::optional<std::string> end_date;
  std::optional<int64_t> site_id;
  std::optional<std::string> note;
};

// An order with its history, oldest event first.
struct OrderDetail {
  QuarantineOrder order;
  std::vector<OrderEvent> history;
  std::optional<int64_t> follow_on_order_id;  // the next stage, once created
};

class OrderService {
 public:
  explicit OrderService(Context& ctx) : ctx_(ctx) {}

  // Orders quarantine for a person visible to the actor. Invalid: every bad field at once
  // (unknown kind or reason, bad dates, a site on a home order); "person_not_found" (field
  // person_id) for a person outside the jurisdiction. The new order is `ordered`.
  // Idempotent with a key.
  Result<QuarantineOrder> create(const Actor& actor, const OrderInput& input,
                                 const std::optional<std::string>& idempotency_key = std::nullopt);

  // The order and its history. Not found ("order_not_found") also outside the jurisdiction.
  Result<OrderDetail> get(const Actor& actor, int64_t id);

 private:
  Context& ctx_;
};

// Creates an order inside the caller's write unit: validates it, stores it with its
// "create" history entry and audits it. For use cases that make orders as part of a larger
// change (an arrival, a follow-on stage). The order's id, version and timestamps are set
// here.
Result<QuarantineOrder> store_new_order(store::SqlConnection& conn, const Context& ctx,
                                        const Actor& actor, QuarantineOrder order);

// The order `id` if it exists and lies inside the actor's jurisdiction, else not found
// ("order_not_found"). For use cases that act on orders (check-in to a site, follow-ups).
Result<QuarantineOrder> load_visible_order(store::SqlConnection& conn, const Actor& actor,
                                           int64_t id);

}  // namespace cordon::service

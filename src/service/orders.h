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

#include "core/lab_tests.h"
#include "core/quarantine.h"
#include "service/context.h"
#include "store/sites.h"

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

// A list request as it comes from the query string.
struct OrderListQuery {
  std::optional<std::string> status;
  std::optional<std::string> kind;
  std::optional<std::string> reason;
  std::optional<int64_t> grid_id;  // any node of the tree: its grids
  std::optional<int64_t> site_id;
  std::optional<int64_t> person_id;
  std::optional<std::string> end_from;  // due dates: end_date within [end_from, end_to]
  std::optional<std::string> end_to;
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

struct OrderList {
  std::vector<QuarantineOrder> items;
  std::optional<std::string> next_cursor;
};

// The body of an action; each action reads the fields it needs.
struct OrderActionInput {
  std::optional<int64_t> version;  // the version the client read; conflict when stale
  std::optional<std::string> note;
  // extend: a new exposure date (the end is recomputed from it by the order's policy),
  // or an explicit new end date.
  std::optional<std::string> exposure_date;
  std::optional<std::string> end_date;
  // transfer: the new kind (default: unchanged) and site (centralized only), and the
  // room to check in to there (default: the first room with space, when the order is
  // checked in now; an order not yet checked in is checked in only when a room is named).
  std::optional<std::string> kind;
  std::optional<int64_t> site_id;
  std::optional<int64_t> room_id;
};

struct ActionOutcome {
  QuarantineOrder order;
  std::optional<QuarantineOrder> follow_on;  // created by a release
  std::optional<store::Stay> ended_stay;     // the site stay the action checked out
  std::optional<store::Stay> stay;           // the stay it opened (transfer, follow-on)
};

// An order due for release and whether the policy's conditions hold.
struct ReleaseDue {
  QuarantineOrder order;
  Status conditions;  // ok, or what is unmet (core/lab_tests.h check_release)
};

struct ReleaseListQuery {
  std::optional<int64_t> grid_id;  // any node
  std::optional<int64_t> site_id;
  std::optional<std::string> date;  // default: today
};

struct ReleaseList {
  LocalDate date;
  std::vector<ReleaseDue> due;       // end_date on or before `date` (overdue included)
  std::vector<ReleaseDue> due_next;  // end_date the day after
};

struct OrderTestSchedule {
  QuarantineOrder order;
  std::vector<ScheduledTest> tests;  // empty when the policy schedules none
};

class PolicyCatalog;

class OrderService {
 public:
  // Without a catalog orders need explicit end dates and releases check only the end.
  explicit OrderService(Context& ctx);
  OrderService(Context& ctx, const PolicyCatalog& catalog) : ctx_(ctx), catalog_(catalog) {}

  // Orders quarantine for a person visible to the actor. Invalid: every bad field at once
  // (unknown kind or reason, bad dates, a site on a home order); "person_not_found" (field
  // person_id) for a person outside the jurisdiction. The new order is `ordered`.
  // Idempotent with a key.
  Result<QuarantineOrder> create(const Actor& actor, const OrderInput& input,
                                 const std::optional<std::string>& idempotency_key = std::nullopt);

  // The order and its history. Not found ("order_not_found") also outside the jurisdiction.
  Result<OrderDetail> get(const Actor& actor, int64_t id);

  // Orders of the actor's jurisdiction (narrowed by the query), by id. Invalid for every
  // bad filter; malformed for a foreign cursor.
  Result<OrderList> list(const Actor& actor, const OrderListQuery& query);

  // Runs one action of the state machine on order `id`, with a history entry and an
  // audit entry. Conflict "order.illegal_transition" when the status does not allow it,
  // "version_mismatch" when input.version is stale, "order.release_conditions_not_met"
  // (with the unmet conditions as field errors) for a release refused by the policy.
  // A release creates the policy's next stage as a new active order (follow_on).
  // Extend: invalid "extension_not_later" when the new end is not after the current one.
  // Transfer: invalid "site_required" / "site_for_home_order" / "room_for_home_order" /
  // "transfer_changes_nothing" / "site_not_found" (a site outside the jurisdiction too).
  //
  // Release, escalate, break and a transfer away from the order's site check the order out
  // of its open site stay in the same transaction (ended_stay). A transfer of a checked-in
  // order (or one naming room_id) to another site checks it in there at once (stay), with
  // the capacity rules of a check-in: conflict "site_full", "room_full" or "no_free_room"
  // refuses the whole transfer. A centralized follow-on stage at the same site keeps the
  // room: its stay opens as the released one closes.
  Result<ActionOutcome> act(const Actor& actor, int64_t id, OrderAction action,
                            const OrderActionInput& input);

  // Active orders due for release on the date (default today) and the day after.
  Result<ReleaseList> release_list(const Actor& actor, const ReleaseListQuery& query);

  // The tests the order's policy schedules for its stage, with the samples taken.
  Result<OrderTestSchedule> test_schedule(const Actor& actor, int64_t id);

 private:
  Context& ctx_;
  const PolicyCatalog& catalog_;
};

// Creates an order inside the caller's write unit: validates it, stores it with its
// "create" history entry and audits it. For use cases that make orders as part of a larger
// change (an arrival, a follow-on stage). The order's id, version and timestamps are set
// here.
Result<QuarantineOrder> store_new_order(store::SqlConnection& conn, const Context& ctx,
                                        const Actor& actor, QuarantineOrder order);

// Invalid "site_not_found" (field site_id) when `site_id` is given and names no site the
// actor sees (a site outside the jurisdiction answers like a missing one).
Status check_site_visible(store::SqlConnection& conn, const Actor& actor,
                          const std::optional<int64_t>& site_id);

// The order `id` if it exists and lies inside the actor's jurisdiction, else not found
// ("order_not_found"). For use cases that act on orders (check-in to a site, follow-ups).
Result<QuarantineOrder> load_visible_order(store::SqlConnection& conn, const Actor& actor,
                                           int64_t id);

}  // namespace cordon::service

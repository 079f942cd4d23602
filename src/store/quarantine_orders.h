// Repository of quarantine orders and their history. SQL lives here; callers pass the
// connection the Store hands them (a write connection for changes). Functions never open
// transactions of their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/quarantine.h"
#include "core/status.h"
#include "store/sql.h"
#include "store/where.h"

namespace cordon::store {

// Inserts; fills id.
Result<QuarantineOrder> insert_order(SqlConnection& conn, QuarantineOrder order);

Result<std::optional<QuarantineOrder>> find_order(SqlConnection& conn, int64_t id);

// Replaces every mutable field of order.id and bumps the version; fails conflict
// "version_mismatch" when the stored version is not `expected_version`.
Result<QuarantineOrder> update_order(SqlConnection& conn, QuarantineOrder order,
                                     int64_t expected_version);

// Which orders a list returns. Every field narrows; empty returns every order.
struct OrderFilter {
  std::optional<int64_t> grid_id;        // exactly this grid
  std::optional<std::string> node_path;  // any grid below this path ("/1/5/")
  std::optional<OrderStatus> status;
  std::optional<OrderKind> kind;
  std::optional<OrderReason> reason;
  std::optional<int64_t> site_id;
  std::optional<int64_t> person_id;
  std::optional<LocalDate> end_from;  // end_date >= end_from
  std::optional<LocalDate> end_to;    // end_date <= end_to
};

using OrderPage = Page<QuarantineOrder>;

// Orders matching `filter`, ordered by id, with id > after_id.
Result<OrderPage> list_orders(SqlConnection& conn, const OrderFilter& filter, int64_t after_id,
                              int limit);

// Appends one history entry; fills id.
Result<OrderEvent> insert_order_event(SqlConnection& conn, OrderEvent event);

// The history of an order, oldest first.
Result<std::vector<OrderEvent>> list_order_events(SqlConnection& conn, int64_t order_id);

// The order that follows `parent_id` as its next stage, if one was created.
Result<std::optional<QuarantineOrder>> find_follow_on(SqlConnection& conn, int64_t parent_id);

}  // namespace cordon::store

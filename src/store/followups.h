// Repository of health checks, alerts, and the active orders that follow-ups are due for.
// SQL lives here; callers pass the connection the Store hands them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/health_check.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

Result<HealthCheck> insert_health_check(SqlConnection& conn, HealthCheck check);
// The checks of an order, newest first, after `before_id` (0: from the newest).
Result<std::vector<HealthCheck>> list_health_checks(SqlConnection& conn, int64_t order_id,
                                                    int64_t before_id, int limit);

// An active order on a day, with what the follow-up list shows about it.
struct FollowUpOrder {
  int64_t order_id = 0;
  int64_t person_id = 0;
  std::string person_name;
  int64_t grid_id = 0;
  std::optional<int64_t> site_id;  // the site of its open stay
  std::optional<std::string> room_number;
  std::string kind;
  LocalDate start_date;
  LocalDate end_date;
  std::string policy_code;
  int policy_version = 0;
  Instant created_at;  // when the order was made
};

// Which active orders: every field narrows.
struct FollowUpScope {
  std::optional<int64_t> grid_id;
  std::optional<int64_t> site_id;        // orders with an open stay there
  std::optional<std::string> node_path;  // orders whose grid lies below this path
};

// A statement and its parameters, built but not run.
struct SqlStatement {
  std::string sql;
  std::vector<SqlValue> params;
};

// The statement list_follow_up_orders runs (store/query_plans_test.cc reads its plan).
SqlStatement follow_up_orders_statement(const FollowUpScope& scope, LocalDate day,
                                        int64_t after_id, int limit);

// Orders active on `day` (status active, start_date <= day <= end_date) in scope, ordered
// by id, after `after_id`.
Result<std::vector<FollowUpOrder>> list_follow_up_orders(SqlConnection& conn,
                                                         const FollowUpScope& scope,
                                                         LocalDate day, int64_t after_id,
                                                         int limit);

// (order_id, day, slot, check id, temperature) of the checks taken on days [from, to] by
// the orders `order_ids`.
struct SlotCheck {
  int64_t order_id = 0;
  LocalDate day;
  int slot = 0;
  int64_t check_id = 0;
  double temperature = 0;
};
Result<std::vector<SlotCheck>> list_slot_checks(SqlConnection& conn,
                                                const std::vector<int64_t>& order_ids,
                                                LocalDate from, LocalDate to);

// Orders per statement of list_slot_checks: chunks keep the statement text (and so the
// prepared-statement cache) to one shape.
inline constexpr size_t kSlotCheckChunk = 100;
// The statement list_slot_checks runs for one chunk of 1 to kSlotCheckChunk orders
// (store/query_plans_test.cc reads its plan).
SqlStatement slot_checks_statement(std::span<const int64_t> order_ids, LocalDate from,
                                   LocalDate to);

struct Alert {
  int64_t id = 0;
  std::string kind;  // "fever", "symptom", "missed_check"
  int64_t order_id = 0;
  int64_t person_id = 0;
  int64_t grid_id = 0;
  std::optional<int64_t> site_id;
  std::optional<int64_t> health_check_id;  // fever and symptom alerts
  std::optional<LocalDate> due_on;         // missed checks: the day and window missed
  std::optional<int> slot;
  std::string detail;
  std::string status;  // "open", "acknowledged"
  Instant raised_at;
  std::optional<Instant> acknowledged_at;
  std::optional<int64_t> acknowledged_by;
  // The referral or follow-up task opened for this alert, once the task feature links it.
  std::optional<int64_t> task_id;
};

// Inserts an alert; fills id. With a `dedupe_key` another alert already holds, inserts
// nothing and returns nullopt (a missed window is raised once however often the sweep runs).
Result<std::optional<Alert>> insert_alert(SqlConnection& conn, Alert alert,
                                          const std::optional<std::string>& dedupe_key);
Result<std::optional<Alert>> find_alert(SqlConnection& conn, int64_t id);

struct AlertFilter {
  std::optional<int64_t> grid_id;
  std::optional<int64_t> site_id;
  std::optional<std::string> node_path;  // alerts whose order's grid lies below this path
  std::optional<std::string> status;
  std::optional<std::string> kind;
  std::optional<int64_t> order_id;
};
// Newest first, ids below `before_id` (0: from the newest).
Result<std::vector<Alert>> list_alerts(SqlConnection& conn, const AlertFilter& filter,
                                       int64_t before_id, int limit);
// Conflict "alert_already_acknowledged" when it is not open.
Status acknowledge_alert(SqlConnection& conn, int64_t id, Instant at, int64_t by);
// Links the task opened for an alert (the hook for referral tasks).
Status link_alert_task(SqlConnection& conn, int64_t id, int64_t task_id);

}  // namespace cordon::store

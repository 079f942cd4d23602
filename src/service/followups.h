// Use cases of follow-ups: recording health checks (followups.write), the follow-ups due
// today per grid or site (quarantine.read), alerts and their acknowledgement, and the
// sweep that raises an alert for every check window that ended without a check.
//
// A check belongs to an order. The actor must see the order: its grid lies in the actor's
// jurisdiction, or the site where it is checked in does. Rules per order (fever threshold,
// checks per day) come from its policy through a RulesLookup; without policy data the
// national defaults apply (37.3 °C, twice a day).
//
// An alert is a row with a kind ("fever", "symptom", "missed_check") and its order; the
// task that follows it (a referral to hospital for a fever) is linked with
// store::link_alert_task by the task feature.
//
// Thread-safe: holds only references to the Context and a copy of the lookup.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/health_check.h"
#include "service/context.h"
#include "service/tasks.h"
#include "store/followups.h"

namespace cordon::service {

using Alert = store::Alert;
using FollowUpOrder = store::FollowUpOrder;

// The follow-up rules of the policy an order was computed with.
using RulesLookup = std::function<FollowUpRules(const std::string& policy_code, int version)>;

class PolicyCatalog;
// Rules from the catalog's policy of that code and version; the defaults for an order made
// without a policy ("manual") or with one the catalog no longer holds. `catalog` must
// outlive the lookup.
RulesLookup rules_from(const PolicyCatalog& catalog);

struct RecordedCheck {
  HealthCheck check;
  std::optional<Alert> alert;  // raised by this check (fever or symptom)
};

// One window of today for one order.
struct DueSlot {
  int slot = 0;
  std::string name;  // "morning", "evening", ...
  Instant due_by;    // the window's end
  std::optional<int64_t> check_id;
  std::optional<double> temperature;
};

struct DueItem {
  FollowUpOrder order;
  std::vector<DueSlot> slots;
  bool overdue = false;  // a window of today ended without a check
};

struct DueList {
  LocalDate day;
  std::vector<DueItem> items;
  std::optional<int64_t> next_after_id;
};

struct AlertQuery {
  std::optional<int64_t> grid_id;
  std::optional<int64_t> site_id;
  std::optional<int64_t> order_id;
  std::optional<std::string> status;  // open | acknowledged
  std::optional<std::string> kind;
  int64_t before_id = 0;
  int limit = kDefaultPageSize;
};

struct AlertPage {
  std::vector<Alert> items;
  std::optional<int64_t> next_before_id;
};

class FollowUpService {
 public:
  explicit FollowUpService(Context& ctx, RulesLookup rules = {})
      : ctx_(ctx), rules_(std::move(rules)) {}

  // Where a fever opens its referral task (to hospital, for the grid of the order, due in
  // an hour), in the same transaction as the check and the alert. Without it, alerts only.
  // `tasks` must outlive this service.
  void set_referrals(TaskService& tasks) { referrals_ = &tasks; }

  // Records a check; a fever (>= the policy's threshold) or a symptom raises an alert in
  // the same transaction. Invalid: every bad field ("temperature" out_of_range outside
  // 34.0-43.0 °C); "order_not_found" (field order_id) for an order the actor cannot see.
  // Conflict "order_closed" for a released or escalated order. Idempotent with a key.
  Result<RecordedCheck> record(const Actor& actor, const HealthCheckInput& input,
                               const std::optional<std::string>& idempotency_key = std::nullopt);
  // The checks of an order, newest first.
  Result<std::vector<HealthCheck>> checks(const Actor& actor, int64_t order_id,
                                          int64_t before_id, int limit);
  // Active orders of a grid or a site (exactly one of them) with today's windows. Invalid
  // "scope_required" without either; not found for a grid or site the actor cannot see.
  Result<DueList> due(const Actor& actor, std::optional<int64_t> grid_id,
                      std::optional<int64_t> site_id, int64_t after_id, int limit);

  Result<AlertPage> alerts(const Actor& actor, const AlertQuery& query);
  // Conflict "alert_already_acknowledged".
  Result<Alert> acknowledge(const Actor& actor, int64_t alert_id);

  // Raises a missed_check alert for each window of today and yesterday that ended by `at`
  // without a check, for every active order in the actor's jurisdiction (whose order
  // existed when the window ended). A window is raised once however often this runs.
  // Invalid "in_future" when `at` is after now. Returns how many alerts it raised.
  Result<int64_t> sweep(const Actor& actor, std::optional<Instant> at = std::nullopt);

  FollowUpRules rules_for(const std::string& policy_code, int version) const {
    return rules_ ? rules_(policy_code, version) : FollowUpRules{};
  }

 private:
  Context& ctx_;
  RulesLookup rules_;
  TaskService* referrals_ = nullptr;
};

}  // namespace cordon::service

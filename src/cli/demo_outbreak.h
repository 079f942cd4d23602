// The demo outbreak: cases, exposures, quarantine orders, hotel sites and health checks
// grown on a demo city (cli/demo_city.h), so the dashboard, the lists and the benchmarks
// have a realistic epidemic to show.
//
// Scaled to the residents: about 5% become cases (confirmed, asymptomatic, suspected) with
// onsets over the last 60 days, most of them weeks ago and a tail in the last two weeks; a
// case's household, meals and workplace give about one exposure per resident; everyone
// exposed inside the policy's window gets a quarantine order (close contacts at home,
// arrivals from high-risk areas in designated hotels), about 10% of the residents, most
// of them active now; contacts who fell ill have their order escalated. The active orders
// carry health checks for yesterday and today, some with fevers that raised alerts.
//
// Deterministic: the same city, seed and `today` give the same rows. Rows go in through
// the store's insert functions in large write units, each with one summary audit entry.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "cli/runtime.h"
#include "core/date.h"
#include "core/status.h"

namespace cordon::cli {

// The policy the outbreak is ordered under (policies/cn-2020-early.json): 14 days at home
// for a close contact, 14 days centralized for an arrival from a high-risk area, counted
// from the last exposure or arrival. The outbreak puts it in force.
inline constexpr const char* kOutbreakPolicyCode = "cn-2020-early";
inline constexpr int kOutbreakPolicyVersion = 1;
inline constexpr int kOutbreakQuarantineDays = 14;

struct OutbreakOptions {
  uint64_t seed = 2020;
  LocalDate today;  // the day the outbreak is seen from (the runtime's today)
  int rows_per_unit = 50000;
  // Called after each phase (planning, sites, cases, exposures, orders, health checks)
  // with the rows it wrote, for progress; may be empty.
  std::function<void(std::string_view phase, int64_t rows)> on_phase;
};

struct OutbreakSummary {
  int64_t cases = 0;
  int64_t exposures = 0;
  int64_t orders = 0;
  int64_t active_orders = 0;
  int64_t released_orders = 0;
  int64_t escalated_orders = 0;
  int64_t centralized_orders = 0;
  int64_t sites = 0;
  int64_t rooms = 0;
  int64_t beds = 0;
  int64_t checked_in = 0;
  int64_t health_checks = 0;
  int64_t fever_alerts = 0;
};

// Grows the outbreak on the persons of the database. Invalid "demo_options" when there is
// no resident; conflict "outbreak_exists" when the database already holds cases or orders.
Result<OutbreakSummary> build_demo_outbreak(Runtime& runtime, const OutbreakOptions& options);

}  // namespace cordon::cli

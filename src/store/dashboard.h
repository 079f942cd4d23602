// Aggregates for the command dashboard (service/dashboard.h): counts straight from the
// indexes, never a row per person. Each takes the grid scope of the caller (one grid, the
// grids below a node path, or everything) and runs inside the caller's read unit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

struct DashboardScope {
  std::optional<int64_t> grid_id;
  std::optional<std::string> node_path;  // "/1/5/": the grids below
};

// Orders grouped by status, kind and dates, for orders ending on or after `from` and for
// active orders ending before it (overdue releases).
struct OrderSpan {
  std::string status;
  std::string kind;
  LocalDate start_date;
  LocalDate end_date;
  int64_t count = 0;
};
Result<std::vector<OrderSpan>> order_spans(SqlConnection& conn, const DashboardScope& scope,
                                           LocalDate from);

// The orders with a health check on `day` at or above `floor` °C, each with its policy and
// its highest temperature that day, for the caller to hold against each policy's own
// fever threshold (`floor`: the lowest threshold any policy has).
struct DayMaxTemperature {
  std::string policy_code;
  int policy_version = 0;
  double temperature = 0;  // °C, the highest of the day
};
Result<std::vector<DayMaxTemperature>> fever_candidates(SqlConnection& conn,
                                                        const DashboardScope& scope,
                                                        LocalDate day, double floor);

// Open reports (a step still due) placed under `scope_path` (nullopt: everywhere; with
// include_unplaced, also those nobody placed yet), and those whose deadline passed `now`.
struct ReportCounts {
  int64_t open = 0;
  int64_t breached = 0;
};
Result<ReportCounts> count_open_reports(SqlConnection& conn,
                                        const std::optional<std::string>& scope_path,
                                        bool include_unplaced, Instant now);

// Open alerts by kind.
struct KindCount {
  std::string kind;
  int64_t count = 0;
};
Result<std::vector<KindCount>> count_open_alerts(SqlConnection& conn, const DashboardScope& scope);

// Sites of the scope (attached to a node inside it) with their capacity and occupancy.
struct SiteLoad {
  int64_t id = 0;
  std::string name;
  int64_t capacity = 0;
  int64_t occupied = 0;
};
Result<std::vector<SiteLoad>> site_loads(SqlConnection& conn, const DashboardScope& scope);

// Cases (not ruled out) by classification.
Result<std::vector<KindCount>> count_cases_by_classification(SqlConnection& conn,
                                                             const DashboardScope& scope);

}  // namespace cordon::store

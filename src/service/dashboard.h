// The command dashboard: the state of the outbreak response in one read, for the caller's
// jurisdiction or a place below it. Aggregates only (no personal data), so reading it
// writes no audit entry. Built from index-only counts so that it answers in well under
// 100 ms for a city of a million residents (docs/performance.md).
//
// Thread-safe: DashboardService holds only a reference to the Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "service/chains.h"
#include "service/context.h"

namespace cordon::service {

inline constexpr int kDashboardEpiDays = 60;     // epi curve: the last 60 days by onset
inline constexpr int kDashboardCensusDays = 30;  // quarantine census: the last 30 days

struct DashboardCount {
  std::string key;  // an order kind, alert kind or case classification
  int64_t count = 0;
};

struct DashboardSite {
  int64_t id = 0;
  std::string name;
  int64_t capacity = 0;
  int64_t occupied = 0;
};

struct CensusDay {
  LocalDate date;
  int64_t active = 0;  // orders in force that day
};

struct Dashboard {
  LocalDate today;
  std::optional<int64_t> jurisdiction_id;  // as asked; nullopt: the caller's jurisdiction
  // Active orders per kind (every kind listed, zeros included) and their total.
  std::vector<DashboardCount> under_quarantine;
  int64_t under_quarantine_total = 0;
  // Orders with a check today at or above the fever threshold of the order's own policy.
  int64_t fevers_today = 0;
  int64_t releases_due_today = 0;     // active orders whose last day is today (or past)
  int64_t releases_due_tomorrow = 0;  // active orders whose last day is tomorrow
  std::vector<DashboardCount> open_alerts;  // per alert kind
  int64_t open_alerts_total = 0;
  std::vector<DashboardSite> sites;
  int64_t site_capacity = 0;
  int64_t site_occupied = 0;
  std::vector<EpiDay> epi_curve;  // kDashboardEpiDays days by onset, ending today
  // kDashboardCensusDays days, ending today: active and released orders from their first to
  // their last day (escalated orders are left out: the day they ended is not kept).
  std::vector<CensusDay> census;
  std::vector<DashboardCount> cases_by_classification;  // every classification listed
  // Reports of the scope with a step still due, and those whose current deadline (by
  // category, docs/reports.md) has passed. A dashboard of the caller's whole jurisdiction
  // counts the reports nobody placed yet when the caller is the command office.
  std::optional<int64_t> open_reports;
  std::optional<int64_t> breached_deadlines;
};

class PolicyCatalog;

class DashboardService {
 public:
  // Without a catalog every order has the default rules (37.3 °C).
  explicit DashboardService(Context& ctx);
  DashboardService(Context& ctx, const PolicyCatalog& catalog) : ctx_(ctx), catalog_(catalog) {}

  // Invalid "not_found" (field jurisdiction_id) when the place is missing or outside the
  // caller's jurisdiction.
  Result<Dashboard> get(const Actor& actor, std::optional<int64_t> jurisdiction_id);

 private:
  Context& ctx_;
  const PolicyCatalog& catalog_;
};

}  // namespace cordon::service

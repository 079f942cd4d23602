#include "service/dashboard.h"

#include <algorithm>

#include "core/case.h"
#include "core/quarantine.h"
#include "service/access.h"
#include "service/followups.h"
#include "service/policies.h"
#include "service/scope.h"
#include "service/tracing.h"
#include "store/cases.h"
#include "store/dashboard.h"
#include "store/nodes.h"

namespace cordon::service {

namespace {

// Every key of `keys` with its count from `counts` (0 when absent), and the total.
std::vector<DashboardCount> every_key(const std::vector<std::string>& keys,
                                      const std::vector<store::KindCount>& counts,
                                      int64_t* total = nullptr) {
  std::vector<DashboardCount> out;
  for (const auto& k : keys) out.push_back({k, 0});
  for (const auto& c : counts) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& d) { return d.key == c.kind; });
    if (it == out.end()) out.push_back({c.kind, c.count});
    else it->count += c.count;
    if (total) *total += c.count;
  }
  return out;
}

}  // namespace

DashboardService::DashboardService(Context& ctx) : ctx_(ctx), catalog_(empty_policy_catalog()) {}

Result<Dashboard> DashboardService::get(const Actor& actor, std::optional<int64_t> jurisdiction_id) {
  Dashboard out;
  out.today = ctx_.today();
  out.jurisdiction_id = jurisdiction_id;
  const LocalDate today = out.today;
  const LocalDate tomorrow = today.plus_days(1);
  const LocalDate census_from = today.plus_days(-(kDashboardCensusDays - 1));
  const LocalDate epi_from = today.plus_days(-(kDashboardEpiDays - 1));
  std::vector<store::OrderSpan> spans;
  std::vector<store::KindCount> alerts, classes;
  std::vector<store::SiteLoad> sites;
  std::vector<store::CaseCount> epi;
  std::vector<store::DayMaxTemperature> fevers;
  store::ReportCounts reports;
  RulesLookup rules = rules_from(catalog_);
  double fever_floor = FollowUpRules{}.fever_threshold;
  for (const Policy& p : catalog_.all())
    fever_floor = std::min(fever_floor, p.fever_threshold_celsius);
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(GridScope grids,
                            resolve_scope(conn, actor, jurisdiction_id, "jurisdiction_id"));
    store::DashboardScope scope{grids.grid_id, grids.node_path};
    CORDON_ASSIGN_OR_RETURN(store::CaseScope case_scope,
                            service::case_scope(conn, actor, jurisdiction_id));
    CORDON_ASSIGN_OR_RETURN(spans, store::order_spans(conn, scope, census_from));
    // Temperatures compare in tenths (is_fever): 37.25 is a fever at 37.3.
    CORDON_ASSIGN_OR_RETURN(fevers,
                            store::fever_candidates(conn, scope, today, fever_floor - 0.05));
    // Reports are placed on any node: the scope is the path of the place asked for.
    std::optional<std::string> report_path = actor.jurisdiction_path;
    bool unplaced = !jurisdiction_id && sees_unplaced(actor);
    if (jurisdiction_id) {
      CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *jurisdiction_id));
      if (node) report_path = node->path;
    }
    CORDON_ASSIGN_OR_RETURN(reports, store::count_open_reports(conn, report_path, unplaced,
                                                               ctx_.clock.now()));
    CORDON_ASSIGN_OR_RETURN(alerts, store::count_open_alerts(conn, scope));
    CORDON_ASSIGN_OR_RETURN(sites, store::site_loads(conn, scope));
    CORDON_ASSIGN_OR_RETURN(classes, store::count_cases_by_classification(conn, scope));
    CORDON_ASSIGN_OR_RETURN(epi, store::count_cases_by_day(conn, case_scope, true, epi_from, today));
    return Status();
  }));

  // Orders: who is under quarantine now, who is due out, and the census of each day (an
  // active or released order counts from its first to its last day; an active one past its
  // end still counts).
  std::vector<store::KindCount> active;
  std::vector<int64_t> delta(static_cast<size_t>(kDashboardCensusDays) + 1, 0);
  for (const auto& s : spans) {
    bool is_active = s.status == order_status_name(OrderStatus::kActive);
    if (is_active) {
      active.push_back({s.kind, s.count});
      if (s.end_date <= today) out.releases_due_today += s.count;
      else if (s.end_date == tomorrow) out.releases_due_tomorrow += s.count;
    }
    // Not begun, or escalated on a day the order does not keep: left out of the census.
    if (s.status == order_status_name(OrderStatus::kOrdered) ||
        s.status == order_status_name(OrderStatus::kEscalated))
      continue;
    LocalDate last = is_active ? std::max(s.end_date, today) : s.end_date;
    int64_t first_i = std::max<int64_t>(0, s.start_date.days_since(census_from));
    int64_t last_i = std::min<int64_t>(kDashboardCensusDays - 1, last.days_since(census_from));
    if (first_i > last_i) continue;
    delta[static_cast<size_t>(first_i)] += s.count;
    delta[static_cast<size_t>(last_i) + 1] -= s.count;
  }
  out.under_quarantine = every_key({order_kind_name(OrderKind::kHome),
                                    order_kind_name(OrderKind::kCentralized),
                                    order_kind_name(OrderKind::kHomeMonitoring)},
                                   active, &out.under_quarantine_total);
  int64_t running = 0;
  for (int i = 0; i < kDashboardCensusDays; ++i) {
    running += delta[static_cast<size_t>(i)];
    out.census.push_back({census_from.plus_days(i), running});
  }

  for (const auto& f : fevers)
    if (is_fever(f.temperature, rules(f.policy_code, f.policy_version))) ++out.fevers_today;
  out.open_reports = reports.open;
  out.breached_deadlines = reports.breached;

  out.open_alerts = every_key({}, alerts, &out.open_alerts_total);
  for (const auto& s : sites) {
    out.sites.push_back({s.id, s.name, s.capacity, s.occupied});
    out.site_capacity += s.capacity;
    out.site_occupied += s.occupied;
  }
  out.cases_by_classification =
      every_key({case_classification_name(CaseClassification::kConfirmed),
                 case_classification_name(CaseClassification::kAsymptomatic),
                 case_classification_name(CaseClassification::kSuspected)},
                classes);
  out.epi_curve.resize(kDashboardEpiDays);
  for (int i = 0; i < kDashboardEpiDays; ++i) out.epi_curve[static_cast<size_t>(i)].date = epi_from.plus_days(i);
  for (const auto& c : epi) {
    EpiDay& day = out.epi_curve[static_cast<size_t>(c.date.days_since(epi_from))];
    switch (c.classification) {
      case CaseClassification::kSuspected: day.suspected += c.count; break;
      case CaseClassification::kConfirmed: day.confirmed += c.count; break;
      case CaseClassification::kAsymptomatic: day.asymptomatic += c.count; break;
    }
  }
  return out;
}

}  // namespace cordon::service

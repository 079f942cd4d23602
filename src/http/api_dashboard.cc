// The command dashboard: GET /api/v1/dashboard (service/dashboard.h).

#include <boost/json/array.hpp>

#include "http/api_internal.h"
#include "http/json_fields.h"
#include "service/dashboard.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

json::object counts_json(const std::vector<service::DashboardCount>& counts) {
  json::object out;
  for (const auto& c : counts) out[c.key] = c.count;
  return out;
}

json::value optional_json(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::object dashboard_json(const service::Dashboard& d) {
  json::array sites;
  for (const auto& s : d.sites)
    sites.push_back(json::object{{"id", s.id},
                                 {"name", s.name},
                                 {"capacity", s.capacity},
                                 {"occupied", s.occupied}});
  json::array epi;
  for (const auto& e : d.epi_curve)
    epi.push_back(json::object{{"date", e.date.to_string()},
                               {"confirmed", e.confirmed},
                               {"asymptomatic", e.asymptomatic},
                               {"suspected", e.suspected},
                               {"total", e.total()}});
  json::array census;
  for (const auto& c : d.census)
    census.push_back(json::object{{"date", c.date.to_string()}, {"active", c.active}});
  return json::object{
      {"today", d.today.to_string()},
      {"jurisdiction_id", optional_json(d.jurisdiction_id)},
      {"under_quarantine",
       json::object{{"total", d.under_quarantine_total}, {"by_kind", counts_json(d.under_quarantine)}}},
      {"fevers_today", d.fevers_today},
      {"releases_due", json::object{{"today", d.releases_due_today},
                                    {"tomorrow", d.releases_due_tomorrow}}},
      {"open_alerts",
       json::object{{"total", d.open_alerts_total}, {"by_kind", counts_json(d.open_alerts)}}},
      {"site_occupancy", json::object{{"capacity", d.site_capacity},
                                      {"occupied", d.site_occupied},
                                      {"sites", std::move(sites)}}},
      {"epi_curve", json::object{{"by", "onset"}, {"days", std::move(epi)}}},
      {"quarantine_census", std::move(census)},
      {"cases_by_classification", counts_json(d.cases_by_classification)},
      {"open_reports", optional_json(d.open_reports)},
      {"breached_deadlines", optional_json(d.breached_deadlines)},
  };
}

}  // namespace

void register_dashboard(Routes& routes) {
  service::DashboardService& dashboard = routes.services().dashboard;
  routes.add({"GET", "/api/v1/dashboard",
              [&dashboard](const Request& r, const Actor& actor) {
                auto jurisdiction =
                    parse_optional_int(r.query_param("jurisdiction_id"), "jurisdiction_id");
                if (!jurisdiction.ok()) return problem_response(jurisdiction.status());
                auto d = dashboard.get(actor, *jurisdiction);
                if (!d.ok()) return problem_response(d.status());
                return json_response(200, dashboard_json(*d));
              },
              {"The command dashboard: people under quarantine by kind, fevers today, releases "
               "due, open alerts, site occupancy, epi curve (60 days by onset), quarantine "
               "census (30 days), cases by classification",
               "dashboard.read", "dashboard", nullptr, nullptr, {"jurisdiction_id"}}});
}

}  // namespace cordon::http::api

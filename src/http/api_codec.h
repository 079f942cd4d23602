// JSON encodings of cordon's records, as the API documents them.
#pragma once

#include <boost/json/value.hpp>

#include "core/node.h"
#include "core/person.h"
#include "service/assist.h"
#include "service/auth.h"
#include "service/followups.h"
#include "service/sites.h"
#include "service/cases.h"
#include "service/chains.h"
#include "service/reports.h"
#include "service/screening.h"
#include "service/tasks.h"

namespace cordon::http {

boost::json::object to_json(const Node& node);
// ID and phone numbers masked (core/person.h mask_*); the full values are a separate,
// audited permission.
boost::json::object to_json(const Person& person);
// {"id_number", "phone"} in full.
boost::json::object identifiers_json(const Person& person);
// An account, without its password hash.
boost::json::object to_json(const service::User& user);

// Sites, rooms, stays, health checks and alerts (api_codec_sites.cc).
boost::json::object to_json(const Site& site);
boost::json::object to_json(const Room& room);
boost::json::object to_json(const service::Stay& stay);
boost::json::object to_json(const service::Occupant& occupant);
boost::json::object to_json(const service::DayOccupancy& day);
boost::json::object to_json(const HealthCheck& check);
boost::json::object to_json(const service::Alert& alert);
boost::json::object to_json(const service::DueItem& item);
// Cases and exposures (dates "YYYY-MM-DD" or null; enums as their names).
boost::json::object to_json(const Case& c);
boost::json::object to_json(const service::CaseEvent& e);
boost::json::object to_json(const Exposure& e);
boost::json::object to_json(const service::CaseChain& chain);
boost::json::object to_json(const analytics::Cluster& cluster);
boost::json::object to_json(const analytics::Spreader& spreader);
boost::json::object to_json(const analytics::AttackRate& rate);
boost::json::object to_json(const service::EpiCurve& curve);
// Field work (work_codec.cc). A report in full, for staff: the public sees only a receipt.
boost::json::object to_json(const service::Report& report);
boost::json::object to_json(const service::ReportReceipt& receipt);
boost::json::object to_json(const service::ReportDetail& detail);
boost::json::object to_json(const service::Task& task);
boost::json::object to_json(const service::TimelineEntry& entry);
boost::json::object to_json(const service::AssistRequest& request);
boost::json::object to_json(const service::Campaign& campaign);
boost::json::object to_json(const service::CampaignSummary& summary);
boost::json::object to_json(const service::Household& household);
boost::json::object to_json(const service::VisitRecord& visit);
boost::json::object to_json(const service::CampaignProgress& progress);

// {"items": [...]} for a list that is never paged.
template <typename Items>
boost::json::object items_json(const Items& items) {
  boost::json::array arr;
  arr.reserve(items.size());
  for (const auto& item : items) arr.push_back(to_json(item));
  return boost::json::object{{"items", std::move(arr)}};
}

// A list page: {"items": [...], "next_cursor": "..." or null}.
template <typename Items>
boost::json::object page_json(const Items& items, const std::optional<std::string>& next) {
  boost::json::array arr;
  arr.reserve(items.size());
  for (const auto& item : items) arr.push_back(to_json(item));
  boost::json::object out;
  out["items"] = std::move(arr);
  out["next_cursor"] = next ? boost::json::value(*next) : boost::json::value(nullptr);
  return out;
}

}  // namespace cordon::http

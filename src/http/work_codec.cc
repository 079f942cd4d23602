// JSON of reports, tasks, assist requests and screening campaigns.
#include <boost/json/array.hpp>

#include "http/api_codec.h"

namespace cordon::http {

namespace json = boost::json;

namespace {

template <typename T>
json::value nullable(const std::optional<T>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}

json::value instant_or_null(const std::optional<Instant>& t) {
  return t ? json::value(t->to_string()) : json::value(nullptr);
}

json::object progress_json(const service::GridProgress& g) {
  return json::object{{"households", g.households},
                      {"visited", g.visited},
                      {"revisit", g.revisit},
                      {"pending", g.pending}};
}

}  // namespace

json::object to_json(const service::Report& r) {
  return json::object{
      {"id", r.id},
      {"reference", r.reference},
      {"category", report_category_name(r.category)},
      {"status", report_status_name(r.status)},
      {"source", r.source},
      {"address", r.address},
      {"place_id", nullable(r.place_id)},
      {"description", r.description},
      {"contact", r.contact},
      {"received_at", r.received_at.to_string()},
      {"updated_at", r.updated_at.to_string()},
      {"due_at", instant_or_null(r.due_at)},
  };
}

json::object to_json(const service::ReportReceipt& r) {
  return json::object{{"reference", r.reference}, {"status", report_status_name(r.status)}};
}

json::object to_json(const service::ReportDetail& d) {
  json::object o = to_json(d.report);
  o["timeline"] = items_json(d.timeline)["items"];
  return o;
}

json::object to_json(const service::Task& t) {
  return json::object{
      {"id", t.id},
      {"kind", task_kind_name(t.kind)},
      {"status", task_status_name(t.status)},
      {"title", t.title},
      {"detail", t.detail},
      {"source", task_source_name(t.source)},
      {"source_id", t.source_id},
      {"subject_person_id", nullable(t.subject_person_id)},
      {"unit_id", t.unit_id},
      {"assignee_user_id", nullable(t.assignee_user_id)},
      {"assignee_role", nullable(t.assignee_role)},
      {"due_at", t.due_at.to_string()},
      {"created_by_user_id", t.created_by_user_id},
      {"created_at", t.created_at.to_string()},
      {"updated_at", t.updated_at.to_string()},
      {"result", t.result ? json::value(task_result_name(*t.result)) : json::value(nullptr)},
      {"outcome", t.outcome},
      {"version", t.version},
  };
}

json::object to_json(const service::TimelineEntry& e) {
  return json::object{{"at", e.at.to_string()},     {"actor_user_id", e.actor_user_id},
                      {"actor_name", e.actor_name}, {"action", e.action},
                      {"note", e.note}};
}

json::object to_json(const service::AssistRequest& a) {
  return json::object{
      {"id", a.id},
      {"subject_type", a.subject_type},
      {"subject_id", a.subject_id},
      {"from_user_id", a.from_user_id},
      {"from_unit_id", nullable(a.from_unit_id)},
      {"to_unit_id", a.to_unit_id},
      {"to_role", nullable(a.to_role)},
      {"status", assist_status_name(a.status)},
      {"message", a.message},
      {"accepted_by_user_id", nullable(a.accepted_by_user_id)},
      {"created_at", a.created_at.to_string()},
      {"updated_at", a.updated_at.to_string()},
  };
}

json::object to_json(const service::Campaign& c) {
  return json::object{{"id", c.id},
                      {"name", c.name},
                      {"due_date", c.due_date.to_string()},
                      {"created_by_user_id", c.created_by_user_id},
                      {"created_at", c.created_at.to_string()}};
}

json::object to_json(const service::CampaignSummary& s) {
  json::object o = to_json(s.campaign);
  o["households"] = s.households;
  return o;
}

json::object to_json(const service::Household& h) {
  return json::object{
      {"id", h.id},
      {"address_id", h.address_id},
      {"grid_id", h.grid_id},
      {"status", household_status_name(h.status)},
      {"visits", h.visits},
      {"last_result",
       h.last_result ? json::value(visit_result_name(*h.last_result)) : json::value(nullptr)},
      {"last_visit_at", instant_or_null(h.last_visit_at)},
  };
}

json::object to_json(const service::VisitRecord& v) {
  return json::object{
      {"id", v.visit.id},
      {"at", v.visit.at.to_string()},
      {"result", visit_result_name(v.visit.result)},
      {"note", v.visit.note},
      {"household", to_json(v.household)},
      {"task", v.task ? json::value(to_json(*v.task)) : json::value(nullptr)},
  };
}

json::object to_json(const service::CampaignProgress& p) {
  json::object o = progress_json(p.total);
  o["campaign_id"] = p.campaign.id;
  o["due_date"] = p.campaign.due_date.to_string();
  json::array grids;
  for (const auto& g : p.grids) {
    json::object row = progress_json(g);
    row["grid_id"] = g.grid_id;
    grids.push_back(std::move(row));
  }
  o["grids"] = std::move(grids);
  return o;
}

}  // namespace cordon::http

// JSON encodings of quarantine records: orders and their history, policies, risk areas,
// arrivals, lab samples and pooled tubes.
#include "http/api_codec.h"

namespace cordon::http {

namespace json = boost::json;

namespace {

template <typename T>
json::value nullable(const std::optional<T>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}

json::value nullable_date(const std::optional<LocalDate>& d) {
  return d ? json::value(d->to_string()) : json::value(nullptr);
}

json::array int_array(const std::vector<int>& values) {
  json::array out;
  for (int v : values) out.push_back(v);
  return out;
}

}  // namespace

json::object to_json(const QuarantineOrder& o) {
  json::object j;
  j["id"] = o.id;
  j["person_id"] = o.person_id;
  j["grid_id"] = o.grid_id;
  j["kind"] = order_kind_name(o.kind);
  j["reason"] = order_reason_name(o.reason);
  j["status"] = order_status_name(o.status);
  j["anchor_date"] = o.anchor_date.to_string();
  j["start_date"] = o.start_date.to_string();
  j["end_date"] = o.end_date.to_string();
  j["days"] = order_days(o);
  j["site_id"] = nullable(o.site_id);
  j["policy_code"] = o.policy_code;
  j["policy_version"] = o.policy_version;
  j["stage"] = o.stage;
  j["parent_order_id"] = nullable(o.parent_order_id);
  j["arrival_id"] = nullable(o.arrival_id);
  j["released_on"] = nullable_date(o.released_on);
  j["note"] = o.note;
  j["created_at"] = o.created_at.to_string();
  j["updated_at"] = o.updated_at.to_string();
  j["version"] = o.version;
  return j;
}

json::object to_json(const OrderEvent& e) {
  json::object j;
  j["id"] = e.id;
  j["at"] = e.at.to_string();
  j["action"] = e.action;
  j["from_status"] = order_status_name(e.from_status);
  j["to_status"] = order_status_name(e.to_status);
  j["previous_end_date"] = nullable_date(e.previous_end_date);
  j["end_date"] = nullable_date(e.end_date);
  j["from_site_id"] = nullable(e.from_site_id);
  j["to_site_id"] = nullable(e.to_site_id);
  j["from_kind"] = e.from_kind ? json::value(order_kind_name(*e.from_kind)) : json::value(nullptr);
  j["to_kind"] = e.to_kind ? json::value(order_kind_name(*e.to_kind)) : json::value(nullptr);
  j["actor_user_id"] = e.actor_user_id;
  j["note"] = e.note;
  return j;
}

json::object to_json(const Policy& p) {
  json::object j;
  j["code"] = p.code;
  j["version"] = p.version;
  j["name"] = p.name;
  j["effective_date"] = nullable_date(p.effective_date);
  j["fever_threshold_celsius"] = p.fever_threshold_celsius;
  j["followups_per_day"] = p.followups_per_day;
  j["contact_window_days"] = nullable(p.contact_window_days);
  json::object categories;
  for (const auto& [category, stages] : p.categories) {
    json::array out;
    for (const auto& s : stages) {
      out.push_back(json::object{{"kind", order_kind_name(s.kind)},
                                 {"days", s.days},
                                 {"test_days", int_array(s.test_days)},
                                 {"release", json::object{{"negative_tests",
                                                           s.release.negative_tests}}}});
    }
    categories[policy_category_name(category)] = json::object{{"stages", std::move(out)}};
  }
  j["categories"] = std::move(categories);
  j["notes"] = p.notes;
  return j;
}

json::object to_json(const RiskArea& a) {
  json::object j;
  j["id"] = a.id;
  j["name"] = a.name;
  j["code"] = nullable(a.code);
  json::array levels;
  for (const auto& l : a.levels)
    levels.push_back(json::object{{"id", l.id},
                                  {"level", risk_level_name(l.level)},
                                  {"effective_from", l.effective_from.to_string()},
                                  {"created_at", l.created_at.to_string()},
                                  {"created_by", l.created_by}});
  j["levels"] = std::move(levels);
  j["created_at"] = a.created_at.to_string();
  return j;
}

json::object to_json(const Arrival& a) {
  json::object j;
  j["id"] = a.id;
  j["person_id"] = a.person_id;
  j["grid_id"] = a.grid_id;
  j["origin_area_id"] = nullable(a.origin_area_id);
  j["origin"] = a.origin;
  j["arrival_date"] = a.arrival_date.to_string();
  j["transport"] = transport_name(a.transport);
  j["transport_detail"] = a.transport_detail;
  j["temperature"] = nullable(a.temperature);
  j["risk_level"] = risk_level_name(a.risk_level);
  j["policy_code"] = a.policy_code;
  j["policy_version"] = a.policy_version;
  j["order_id"] = nullable(a.order_id);
  j["reported_by"] = a.reported_by;
  j["created_at"] = a.created_at.to_string();
  return j;
}

json::object to_json(const LabSample& s) {
  json::object j;
  j["id"] = s.id;
  j["person_id"] = s.person_id;
  j["grid_id"] = s.grid_id;
  j["order_id"] = nullable(s.order_id);
  j["pooled_tube_id"] = nullable(s.tube_id);
  j["kind"] = test_kind_name(s.kind);
  j["sampled_on"] = s.sampled_on.to_string();
  j["result"] = test_result_name(s.result);
  j["resulted_on"] = nullable_date(s.resulted_on);
  j["retest_required"] = s.retest_required;
  j["created_at"] = s.created_at.to_string();
  j["updated_at"] = s.updated_at.to_string();
  return j;
}

json::object to_json(const PooledTube& t) {
  json::object j;
  j["id"] = t.id;
  j["code"] = t.code;
  j["kind"] = test_kind_name(t.kind);
  j["grid_id"] = t.grid_id;
  j["sampled_on"] = t.sampled_on.to_string();
  j["result"] = test_result_name(t.result);
  j["resulted_on"] = nullable_date(t.resulted_on);
  j["created_at"] = t.created_at.to_string();
  j["updated_at"] = t.updated_at.to_string();
  return j;
}

}  // namespace cordon::http

// JSON encodings of cases, exposures and what the chain analytics return.
#include "http/api_codec.h"

namespace cordon::http {

namespace json = boost::json;

namespace {

json::value date_or_null(const std::optional<LocalDate>& d) {
  return d ? json::value(d->to_string()) : json::value(nullptr);
}

json::array setting_names(analytics::SettingMask mask) {
  json::array out;
  for (int i = 0; i < kExposureSettingCount; ++i)
    if (mask & (1u << i)) out.push_back(json::value(exposure_setting_name(static_cast<ExposureSetting>(i))));
  return out;
}

json::array members_json(const std::vector<analytics::ChainMember>& members) {
  json::array out;
  for (const auto& m : members) out.push_back(json::object{{"case_id", m.case_id}, {"distance", m.distance}});
  return out;
}

json::array ids_json(const std::vector<int64_t>& ids) {
  return json::array(ids.begin(), ids.end());
}

}  // namespace

json::object to_json(const Case& c) {
  json::object o;
  o["id"] = c.id;
  o["person_id"] = c.person_id;
  o["classification"] = case_classification_name(c.classification);
  o["onset_date"] = date_or_null(c.onset_date);
  o["sampling_date"] = date_or_null(c.sampling_date);
  o["report_date"] = c.report_date.to_string();
  o["outcome"] = c.outcome ? json::value(case_outcome_name(*c.outcome)) : json::value(nullptr);
  o["outcome_date"] = date_or_null(c.outcome_date);
  o["created_at"] = c.created_at.to_string();
  o["updated_at"] = c.updated_at.to_string();
  o["version"] = c.version;
  return o;
}

json::object to_json(const service::CaseEvent& e) {
  json::object o;
  o["at"] = e.at.to_string();
  o["actor_user_id"] = e.actor_user_id;
  o["action"] = e.action;
  o["classification"] = case_classification_name(e.classification);
  o["onset_date"] = date_or_null(e.onset_date);
  o["outcome"] = e.outcome ? json::value(case_outcome_name(*e.outcome)) : json::value(nullptr);
  o["outcome_date"] = date_or_null(e.outcome_date);
  o["note"] = e.note;
  return o;
}

json::object to_json(const Exposure& e) {
  json::object o;
  o["id"] = e.id;
  o["person_id"] = e.person_id;
  o["source_person_id"] = e.source_person_id;
  o["setting"] = exposure_setting_name(e.setting);
  o["first_date"] = e.first_date.to_string();
  o["last_date"] = e.last_date.to_string();
  o["place"] = e.place;
  o["category"] = contact_category_name(e.category);
  o["created_at"] = e.created_at.to_string();
  return o;
}

json::object to_json(const service::CaseChain& c) {
  json::array links;
  for (const auto& l : c.chain.links)
    links.push_back(json::object{{"source_case_id", l.source_case_id},
                                 {"target_case_id", l.target_case_id},
                                 {"settings", setting_names(l.settings)}});
  return json::object{{"case_id", c.case_id},
                      {"generation", c.generation},
                      {"ancestors", members_json(c.chain.ancestors)},
                      {"descendants", members_json(c.chain.descendants)},
                      {"links", std::move(links)}};
}

json::object to_json(const analytics::Cluster& c) {
  return json::object{{"id", c.id},
                      {"size", c.case_ids.size()},
                      {"case_ids", ids_json(c.case_ids)},
                      {"index_case_ids", ids_json(c.index_case_ids)},
                      {"generations", c.generations},
                      {"first_date", LocalDate::from_days(c.first_day).to_string()},
                      {"last_date", LocalDate::from_days(c.last_day).to_string()},
                      {"settings", setting_names(c.settings)},
                      {"links", c.links}};
}

json::object to_json(const analytics::Spreader& s) {
  return json::object{{"case_id", s.case_id}, {"onward_cases", s.onward_cases}};
}

json::object to_json(const analytics::AttackRate& r) {
  return json::object{{"setting", exposure_setting_name(static_cast<ExposureSetting>(r.setting))},
                      {"contacts", r.contacts},
                      {"cases", r.cases},
                      {"rate", r.rate}};
}

json::object to_json(const service::EpiCurve& curve) {
  json::array days;
  for (const auto& d : curve.days)
    days.push_back(json::object{{"date", d.date.to_string()},
                                {"suspected", d.suspected},
                                {"confirmed", d.confirmed},
                                {"asymptomatic", d.asymptomatic},
                                {"total", d.total()}});
  return json::object{{"by", curve.by},
                      {"from", curve.from.to_string()},
                      {"to", curve.to.to_string()},
                      {"days", std::move(days)}};
}

}  // namespace cordon::http

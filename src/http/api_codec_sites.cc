#include "core/person.h"
#include "http/api_codec.h"

namespace cordon::http {

namespace json = boost::json;

json::object to_json(const Site& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"address", s.address},
          {"kind", site_kind_name(s.kind)},
          {"node_id", s.node_id},
          {"capacity", s.capacity},
          {"occupied", s.occupied},
          {"available", s.capacity - s.occupied},
          {"created_at", s.created_at.to_string()},
          {"updated_at", s.updated_at.to_string()}};
}

json::object to_json(const Room& r) {
  return {{"id", r.id},
          {"site_id", r.site_id},
          {"number", r.number},
          {"floor", r.floor},
          {"beds", r.beds},
          {"family", r.family},
          {"occupied", r.occupied},
          {"limit", room_limit(r)},
          {"created_at", r.created_at.to_string()},
          {"updated_at", r.updated_at.to_string()}};
}

json::object to_json(const service::Stay& s) {
  return {{"id", s.id},
          {"order_id", s.order_id},
          {"person_id", s.person_id},
          {"site_id", s.site_id},
          {"room_id", s.room_id},
          {"checked_in_at", s.checked_in_at.to_string()},
          {"checked_in_on", s.checked_in_on.to_string()},
          {"checked_out_at", nullable_instant(s.checked_out_at)},
          {"checked_out_on", nullable_date(s.checked_out_on)},
          {"end_reason", nullable(s.end_reason)}};
}

json::object to_json(const service::Occupant& o) {
  return {{"stay_id", o.stay_id},
          {"order_id", o.order_id},
          {"person_id", o.person_id},
          {"name", o.name},
          {"sex", o.sex},
          {"phone", o.phone ? json::value(mask_phone(*o.phone)) : json::value(nullptr)},
          {"checked_in_at", o.checked_in_at.to_string()},
          {"order_status", o.order_status},
          {"order_end_date", o.order_end_date}};
}

json::object to_json(const service::DayOccupancy& d) {
  return {{"day", d.day.to_string()},
          {"occupied", d.occupied},
          {"checked_in", d.checked_in},
          {"checked_out", d.checked_out}};
}

json::object to_json(const HealthCheck& c) {
  json::array symptoms;
  for (const auto& s : c.symptoms) symptoms.push_back(json::value(s));
  return {{"id", c.id},
          {"order_id", c.order_id},
          {"person_id", c.person_id},
          {"temperature", c.temperature},
          {"symptoms", std::move(symptoms)},
          {"symptom_note", c.symptom_note},
          {"method", check_method_name(c.method)},
          {"taken_at", c.taken_at.to_string()},
          {"taken_on", c.taken_on.to_string()},
          {"slot", c.slot},
          {"recorded_by", c.recorded_by},
          {"recorded_by_name", c.recorded_by_name},
          {"created_at", c.created_at.to_string()}};
}

json::object to_json(const service::Alert& a) {
  return {{"id", a.id},
          {"kind", a.kind},
          {"order_id", a.order_id},
          {"person_id", a.person_id},
          {"grid_id", a.grid_id},
          {"site_id", nullable(a.site_id)},
          {"health_check_id", nullable(a.health_check_id)},
          {"due_on", nullable_date(a.due_on)},
          {"slot", nullable(a.slot)},
          {"detail", a.detail},
          {"status", a.status},
          {"raised_at", a.raised_at.to_string()},
          {"acknowledged_at", nullable_instant(a.acknowledged_at)},
          {"acknowledged_by", nullable(a.acknowledged_by)},
          {"task_id", nullable(a.task_id)}};
}

json::object to_json(const service::DueItem& item) {
  const auto& o = item.order;
  json::array slots;
  for (const auto& s : item.slots)
    slots.push_back(json::object{{"slot", s.slot},
                                 {"name", s.name},
                                 {"due_by", s.due_by.to_string()},
                                 {"done", s.check_id.has_value()},
                                 {"check_id", nullable(s.check_id)},
                                 {"temperature", nullable(s.temperature)}});
  json::object j{{"order_id", o.order_id},
                 {"person_id", o.person_id},
                 {"person_name", o.person_name},
                 {"grid_id", o.grid_id},
                 {"site_id", nullable(o.site_id)},
                 {"room_number", nullable(o.room_number)},
                 {"kind", o.kind},
                 {"start_date", o.start_date.to_string()},
                 {"end_date", o.end_date.to_string()},
                 {"policy_code", o.policy_code},
                 {"overdue", item.overdue}};
  // Assigned, not listed: an initializer list would copy the array.
  j["slots"] = std::move(slots);
  return j;
}

}  // namespace cordon::http

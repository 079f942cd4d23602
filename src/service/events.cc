#include "service/events.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace cordon::service {

namespace json = boost::json;

std::string encode_event(const Event& event) {
  json::object o{{"type", event.type}, {"resource_id", event.resource_id}};
  if (event.user_id) o["user_id"] = *event.user_id;
  if (event.unit_id) o["unit_id"] = *event.unit_id;
  if (event.role) o["role"] = *event.role;
  std::string bare = json::serialize(o);
  if (event.data.empty()) return bare;
  o["data"] = event.data;
  std::string full = json::serialize(o);
  return full.size() <= kMaxEventPayload ? full : bare;
}

std::optional<Event> decode_event(std::string_view payload) {
  boost::system::error_code ec;
  json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  const json::value* type = o.if_contains("type");
  const json::value* id = o.if_contains("resource_id");
  if (!type || !type->is_string() || !id || !id->is_int64()) return std::nullopt;
  Event e;
  e.type = std::string(type->get_string());
  e.resource_id = id->get_int64();
  auto int_field = [&](const char* name) -> std::optional<int64_t> {
    const json::value* f = o.if_contains(name);
    if (f && f->is_int64()) return f->get_int64();
    return std::nullopt;
  };
  e.user_id = int_field("user_id");
  e.unit_id = int_field("unit_id");
  if (const json::value* role = o.if_contains("role"); role && role->is_string())
    e.role = std::string(role->get_string());
  if (const json::value* data = o.if_contains("data"); data && data->is_string())
    e.data = std::string(data->get_string());
  return e;
}

bool reaches(const Event& event, const Audience& audience) {
  if (event.user_id && *event.user_id == audience.user_id) return true;
  if (event.unit_id && audience.unit_id && *event.unit_id == *audience.unit_id)
    return !event.role || *event.role == audience.role;
  return false;
}

class LocalEventBus::LocalSubscription final : public EventBus::Subscription {
 public:
  LocalSubscription(LocalEventBus& bus, std::list<Entry>::iterator it) : bus_(bus), it_(it) {}
  ~LocalSubscription() override {
    std::lock_guard lock(bus_.mu_);
    bus_.entries_.erase(it_);
  }

 private:
  LocalEventBus& bus_;
  std::list<Entry>::iterator it_;
};

void LocalEventBus::publish(const Event& event) {
  std::lock_guard lock(mu_);
  for (const Entry& e : entries_)
    if (reaches(event, e.audience)) e.callback(event);
}

std::unique_ptr<EventBus::Subscription> LocalEventBus::subscribe(Audience audience,
                                                                 Callback callback) {
  std::lock_guard lock(mu_);
  entries_.push_back({std::move(audience), std::move(callback)});
  return std::make_unique<LocalSubscription>(*this, std::prev(entries_.end()));
}

std::size_t LocalEventBus::subscribers() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace cordon::service

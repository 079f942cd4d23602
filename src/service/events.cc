#include "service/events.h"

namespace cordon::service {

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

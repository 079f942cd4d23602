// Live updates: who must learn of a new task or assist request at once, behind a small
// publish/subscribe interface.
//
// LocalEventBus delivers within one process, which is all a SQLite deployment has. A
// PostgreSQL deployment runs several servers: its bus publishes with NOTIFY and each
// server LISTENs and hands what arrives to its own local subscribers, behind this same
// interface, so no use case or handler changes.
//
// Events are hints, not records: a subscriber that was not connected misses them and
// reads its inbox instead. Publish after the change committed.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cordon::service {

struct Event {
  std::string type;  // "task.created", "task.assigned", "assist_request.created", ...
  int64_t resource_id = 0;
  // Who it is for: one account, and/or the accounts of a unit (their jurisdiction node),
  // narrowed to a role when `role` is set.
  std::optional<int64_t> user_id;
  std::optional<int64_t> unit_id;
  std::optional<std::string> role;
  std::string data;  // a small JSON object: ids and a title, never personal data
};

// Who a subscriber is.
struct Audience {
  int64_t user_id = 0;
  std::optional<int64_t> unit_id;
  std::string role;
};

// Whether `event` is meant for `audience`.
bool reaches(const Event& event, const Audience& audience);

class EventBus {
 public:
  using Callback = std::function<void(const Event&)>;

  // Ends its subscription when destroyed; once the destructor returns, its callback is
  // not running and will not be called again.
  class Subscription {
   public:
    virtual ~Subscription() = default;
  };

  virtual ~EventBus() = default;

  // Hands `event` to the callback of every subscription it reaches. Callbacks must not
  // block (they queue and wake); they may run on the publisher's thread.
  virtual void publish(const Event& event) = 0;

  virtual std::unique_ptr<Subscription> subscribe(Audience audience, Callback callback) = 0;
};

// Thread-safe: subscribers are guarded by a mutex held while callbacks run.
class LocalEventBus final : public EventBus {
 public:
  void publish(const Event& event) override;
  std::unique_ptr<Subscription> subscribe(Audience audience, Callback callback) override;
  std::size_t subscribers() const;

 private:
  struct Entry {
    Audience audience;
    Callback callback;
  };
  class LocalSubscription;

  mutable std::mutex mu_;
  std::list<Entry> entries_;  // GUARDED_BY(mu_)
};

}  // namespace cordon::service

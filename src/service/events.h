// Live updates: who must learn of a new task or assist request at once, behind a small
// publish/subscribe interface.
//
// LocalEventBus delivers within one process, which is all a SQLite deployment has. A
// PostgreSQL deployment runs several servers: PgEventBus announces each event with
// NOTIFY inside the unit of work that made the change (PostgreSQL delivers it when, and
// only if, that transaction commits), and each server LISTENs on one connection of its
// own and hands what arrives to its local subscribers — its own events included.
//
// A use case therefore calls both: publish_in() inside its write unit and publish()
// after the unit committed; each bus acts on the one that suits it.
//
// Events are hints, not records: a subscriber that was not connected (or a server whose
// listening connection was being re-established) misses them and reads its inbox
// instead.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace cordon::store {
class SqlConnection;
class Store;
}

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

// The JSON form an event travels in between servers, and back. A NOTIFY payload must
// stay under 8000 bytes: an event whose JSON would pass kMaxEventPayload travels
// without its `data` (subscribers still learn the type and the resource id, and read
// the rest). decode_event answers nullopt for a payload that is not an event.
inline constexpr std::size_t kMaxEventPayload = 7900;
std::string encode_event(const Event& event);
std::optional<Event> decode_event(std::string_view payload);

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

  // Starts receiving the events other processes announce, for a bus that has them (a
  // server calls it before it answers requests). Fails unavailable when it cannot.
  virtual Status listen() { return Status(); }

  // Called inside the unit of work that made the change `event` tells of, on that
  // unit's connection. A bus that announces through the database does it here, so the
  // announcement commits or rolls back with the change; the others do nothing. Fails
  // only as the unit's own statements fail.
  virtual Status publish_in(store::SqlConnection& conn, const Event& event) = 0;

  // Called once the unit that made the change committed. A bus that delivers within the
  // process hands `event` to the callback of every subscription it reaches here.
  // Callbacks must not block (they queue and wake); they may run on the publisher's
  // thread.
  virtual void publish(const Event& event) = 0;

  // For an event that no write carries (the progress of a background job): delivers it
  // as publish() does, and a bus that announces through the database queues a detached
  // unit of its own on `store` to do so. Does not wait for a commit.
  virtual void announce(store::Store& store, const Event& event) = 0;

  virtual std::unique_ptr<Subscription> subscribe(Audience audience, Callback callback) = 0;
};

// Thread-safe: subscribers are guarded by a mutex held while callbacks run.
class LocalEventBus final : public EventBus {
 public:
  Status publish_in(store::SqlConnection&, const Event&) override { return Status(); }
  void publish(const Event& event) override;
  void announce(store::Store&, const Event& event) override { publish(event); }
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

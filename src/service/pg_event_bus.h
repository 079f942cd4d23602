// The event bus of servers that share one PostgreSQL database (see events.h).
//
// publish_in() sends the event's JSON with NOTIFY on channel kEventChannel inside the
// unit of work that made the change, so it is announced when, and only when, that unit
// commits. listen() opens the one connection per server that LISTENs on the channel and
// hands each event to the subscribers of this process; a server's own events come back
// that way too, so publish() does nothing. Events over the NOTIFY size limit travel
// without their data (encode_event).
//
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "service/events.h"

namespace cordon::store {
class PgListener;
}

namespace cordon::service {

inline constexpr const char* kEventChannel = "cordon_events";

class PgEventBus final : public EventBus {
 public:
  // `url`: the postgresql:// URL of the database; nothing connects before listen().
  explicit PgEventBus(std::string url);
  ~PgEventBus() override;

  // Starts receiving (idempotent); events committed after it returns reach the
  // subscribers. Fails unavailable ("store_open_failed") when it cannot connect.
  Status listen() override;

  Status publish_in(store::SqlConnection& conn, const Event& event) override;
  void publish(const Event&) override {}
  void announce(store::Store& store, const Event& event) override;
  std::unique_ptr<Subscription> subscribe(Audience audience, Callback callback) override;

  // Times the listening connection was re-established (see store::PgListener).
  int reconnects() const;

 private:
  const std::string url_;
  LocalEventBus local_;
  mutable std::mutex mu_;
  std::unique_ptr<store::PgListener> listener_;  // GUARDED_BY(mu_); stops before local_ goes
};

}  // namespace cordon::service

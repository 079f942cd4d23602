#include "service/pg_event_bus.h"

#include <cstdio>

#include "store/postgres/pg_listener.h"
#include "store/store.h"

namespace cordon::service {

PgEventBus::PgEventBus(std::string url) : url_(std::move(url)) {}

PgEventBus::~PgEventBus() = default;

Status PgEventBus::listen() {
  std::lock_guard lock(mu_);
  if (listener_) return Status();
  CORDON_ASSIGN_OR_RETURN(
      listener_, store::PgListener::start(url_, kEventChannel, [this](std::string_view payload) {
        if (auto event = decode_event(payload)) {
          local_.publish(*event);
        } else {
          std::fprintf(stderr, "cordon: ignoring a notification that is not an event\n");
        }
      }));
  return Status();
}

Status PgEventBus::publish_in(store::SqlConnection& conn, const Event& event) {
  return store::notify(conn, kEventChannel, encode_event(event));
}

void PgEventBus::announce(store::Store& store, const Event& event) {
  // The unit holds the encoded payload, not the bus: it may run at the store's close,
  // after the bus is gone.
  store.write_detached([payload = encode_event(event)](store::SqlConnection& conn) {
    return store::notify(conn, kEventChannel, payload);
  });
}

std::unique_ptr<EventBus::Subscription> PgEventBus::subscribe(Audience audience,
                                                              Callback callback) {
  return local_.subscribe(std::move(audience), std::move(callback));
}

int PgEventBus::reconnects() const {
  std::lock_guard lock(mu_);
  return listener_ ? listener_->reconnects() : 0;
}

}  // namespace cordon::service

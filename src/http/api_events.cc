// GET /api/v1/events: Server-Sent Events telling a worker's open UI of new tasks and
// assist requests for them or their unit, as they happen (service/events.h).
#include <mutex>

#include "http/api_internal.h"

namespace cordon::http::api {

namespace {

// One subscriber's stream: events are formatted as they arrive and wait in `pending_`
// until the server takes them. Destroying the stream ends the subscription first.
class EventStream final : public ResponseStream {
 public:
  explicit EventStream(std::string greeting) : pending_(std::move(greeting)) {}

  void attach(std::unique_ptr<service::EventBus::Subscription> subscription) {
    subscription_ = std::move(subscription);
  }

  // Called by the bus, on the publisher's thread.
  void deliver(const service::Event& e) {
    std::lock_guard lock(mu_);
    pending_ += "event: " + e.type + "\nid: " + std::to_string(++sequence_) +
                "\ndata: " + e.data + "\n\n";
    if (wake_) wake_();
  }

  void start(std::function<void()> wake) override {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
    if (!pending_.empty()) wake_();
  }

  std::string take() override {
    std::lock_guard lock(mu_);
    return std::exchange(pending_, std::string());
  }

  std::string take_heartbeat() override { return ": keep-alive\n\n"; }
  bool finished() override { return false; }

 private:
  std::mutex mu_;
  std::string pending_;           // GUARDED_BY(mu_)
  std::function<void()> wake_;    // GUARDED_BY(mu_)
  int64_t sequence_ = 0;          // GUARDED_BY(mu_)
  // Last: destroyed first, so no delivery runs while the rest is torn down.
  std::unique_ptr<service::EventBus::Subscription> subscription_;
};

}  // namespace

void register_events(Routes& routes) {
  service::EventBus& bus = routes.services().events;
  routes.add({"GET", "/api/v1/events",
              [&bus](const Request&, const Actor& actor) {
                // "retry" tells EventSource how soon to reconnect after a drop.
                auto stream = std::make_shared<EventStream>("retry: 3000\n: connected\n\n");
                // A plain pointer: the subscription ends before the rest of the stream is
                // destroyed, and a callback never holds the stream alive (its last release
                // would then unsubscribe from inside the bus).
                EventStream* target = stream.get();
                stream->attach(bus.subscribe(
                    service::Audience{actor.user_id, actor.jurisdiction_id, actor.role},
                    [target](const service::Event& e) { target->deliver(e); }));
                Response resp;
                resp.content_type = "text/event-stream";
                resp.set_header("Cache-Control", "no-cache");
                resp.set_header("X-Accel-Buffering", "no");
                resp.stream = std::move(stream);
                return resp;
              },
              {"Server-Sent Events: task.created, task.assigned, assist_request.created and "
               "their answers, for me and my unit, as they happen",
               "tasks.work", "events", nullptr, nullptr}});
}

}  // namespace cordon::http::api

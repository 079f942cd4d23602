// What every use case receives: who acts (Actor), what time it is (Clock), and where
// records live (Store). The clock is injected so tests never read the wall clock.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "store/store.h"

namespace cordon::service {

// The account on whose behalf a use case runs: resolved by the HTTP layer from a session
// or API token (service/auth.h); the command-line tools act as the system actor, which
// sees the whole tree.
struct Actor {
  int64_t user_id = 0;       // 0: the system (command-line tools, the demo builder)
  std::string name = "system";  // login name, for the audit trail
  std::string role = "administrator";
  // Path of the actor's jurisdiction ("/1/5/"); nullopt sees every node.
  std::optional<std::string> jurisdiction_path;
  std::optional<int64_t> jurisdiction_id;
  // Set for an account still on a one-time password: only "authenticated" routes answer.
  bool must_change_password = false;
  // Where this request came from ("127.0.0.1"; "" on the command line), for the audit.
  std::string remote_address;

  static Actor system() { return Actor{}; }
  // Whether a node with materialized path `path` lies inside this actor's jurisdiction.
  bool can_see_path(const std::string& path) const {
    return !jurisdiction_path || path.starts_with(*jurisdiction_path);
  }
};

// Thread-safe source of the current instant.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

// A clock tests set by hand.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant t) : micros_(t.micros()) {}
  Instant now() const override { return Instant::from_micros(micros_.load()); }
  void set(Instant t) { micros_ = t.micros(); }
  void advance_seconds(int64_t s) { micros_ += s * 1000000; }

 private:
  std::atomic<int64_t> micros_;
};

// Everything a use case needs. Not owning; outlives the services that hold it.
struct Context {
  store::Store& store;
  const Clock& clock;
  TimeZone zone;

  LocalDate today() const { return zone.local_date(clock.now()); }
};

// Most items one page of a list may hold, and the default.
inline constexpr int kMaxPageSize = 500;
inline constexpr int kDefaultPageSize = 50;

}  // namespace cordon::service

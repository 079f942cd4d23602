// A sliding-window limit of events per key (a remote address): at most `max` in any
// `window`. Kept in memory: each server process limits on its own, which bounds a flood
// by the number of servers; a shared store is not worth a write per anonymous request.
//
// Thread-safe: guarded by a mutex.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/date.h"

namespace cordon::service {

class RateLimiter {
 public:
  RateLimiter(int max, std::chrono::seconds window) : max_(max), window_(window) {}

  // Counts an event of `key` at `now` and returns nullopt, or, when `key` already had
  // `max` events in the window, counts nothing and returns the whole seconds until one
  // more is allowed (at least 1).
  std::optional<int64_t> acquire(const std::string& key, Instant now);

 private:
  const int max_;
  const std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> events_;  // GUARDED_BY(mu_), micros
  int64_t last_sweep_ = 0;                                        // GUARDED_BY(mu_)
};

}  // namespace cordon::service

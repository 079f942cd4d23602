#include "service/rate_limit.h"

namespace cordon::service {

std::optional<int64_t> RateLimiter::acquire(const std::string& key, Instant now) {
  const int64_t t = now.micros();
  const int64_t window = std::chrono::duration_cast<std::chrono::microseconds>(window_).count();
  std::lock_guard lock(mu_);
  // Forget idle keys now and then so a scan of many addresses does not grow the map forever.
  if (t - last_sweep_ > window) {
    for (auto it = events_.begin(); it != events_.end();) {
      if (it->second.empty() || it->second.back() <= t - window) it = events_.erase(it);
      else ++it;
    }
    last_sweep_ = t;
  }
  auto& times = events_[key];
  while (!times.empty() && times.front() <= t - window) times.pop_front();
  if (static_cast<int>(times.size()) >= max_) {
    int64_t wait = times.front() + window - t;
    return std::max<int64_t>(1, (wait + 999999) / 1000000);
  }
  times.push_back(t);
  return std::nullopt;
}

}  // namespace cordon::service

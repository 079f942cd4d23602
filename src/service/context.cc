#include "service/context.h"

#include <chrono>

namespace cordon::service {

Instant SystemClock::now() const {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant::from_micros(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

}  // namespace cordon::service

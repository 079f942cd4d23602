#include "core/health_check.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace cordon {

const char* check_method_name(CheckMethod m) {
  switch (m) {
    case CheckMethod::kVisit: return "visit";
    case CheckMethod::kPhone: return "phone";
    case CheckMethod::kSelfReport: return "self_report";
  }
  return "visit";
}

std::optional<CheckMethod> parse_check_method(std::string_view text) {
  if (text == "visit") return CheckMethod::kVisit;
  if (text == "phone") return CheckMethod::kPhone;
  if (text == "self_report") return CheckMethod::kSelfReport;
  return std::nullopt;
}

Result<HealthCheck> validate_health_check(const HealthCheckInput& in, Instant now) {
  Validation v;
  HealthCheck c;
  if (!in.order_id) v.add("order_id", "required", "order_id is required");
  else c.order_id = *in.order_id;
  if (!in.temperature) {
    v.add("temperature", "required", "temperature (°C) is required");
  } else if (!std::isfinite(*in.temperature) || *in.temperature < kMinTemperature ||
             *in.temperature > kMaxTemperature) {
    v.add("temperature", "out_of_range", "temperature must be between 34.0 and 43.0 °C");
  } else {
    c.temperature = std::round(*in.temperature * 10) / 10;
  }
  if (in.symptoms) {
    for (const auto& s : *in.symptoms) {
      if (std::find(std::begin(kSymptoms), std::end(kSymptoms), s) == std::end(kSymptoms)) {
        v.add("symptoms", "unknown_symptom", "unknown symptom '" + s + "'; describe it in symptom_note");
        break;
      }
      if (std::find(c.symptoms.begin(), c.symptoms.end(), s) == c.symptoms.end())
        c.symptoms.push_back(s);
    }
  }
  if (in.symptom_note) {
    c.symptom_note = trim(*in.symptom_note);
    if (!is_valid_utf8(c.symptom_note) || utf8_length(c.symptom_note) > 500)
      v.add("symptom_note", "too_long", "symptom_note has at most 500 characters");
  }
  if (!in.method) {
    v.add("method", "required", "method (visit, phone or self_report) is required");
  } else if (auto m = parse_check_method(*in.method)) {
    c.method = *m;
  } else {
    v.add("method", "invalid_method", "method must be visit, phone or self_report");
  }
  c.taken_at = now;
  if (in.taken_at) {
    auto t = Instant::parse(*in.taken_at, "taken_at");
    if (!t.ok()) {
      v.add(t.status());
    } else if (*t > now.plus_seconds(60)) {
      v.add("taken_at", "in_future", "taken_at may not be in the future");
    } else if (*t < now.plus_seconds(-7 * 86400)) {
      v.add("taken_at", "too_old", "taken_at may be at most 7 days ago");
    } else {
      c.taken_at = *t;
    }
  }
  if (!v.ok()) return v.status();
  return c;
}

int slot_of(int seconds_of_day, int checks_per_day) {
  int n = std::clamp(checks_per_day, 1, 4);
  return std::clamp(seconds_of_day / (86400 / n), 0, n - 1);
}

std::string slot_name(int slot, int checks_per_day) {
  if (checks_per_day == 1) return "daily";
  if (checks_per_day == 2) return slot == 0 ? "morning" : "evening";
  return "slot-" + std::to_string(slot + 1);
}

int slot_end_seconds(int slot, int checks_per_day) {
  int n = std::clamp(checks_per_day, 1, 4);
  return (slot + 1) * (86400 / n);
}

bool is_fever(double temperature, const FollowUpRules& rules) {
  // Temperatures are kept to one decimal; compare in tenths so 37.3 >= 37.3 holds.
  return std::lround(temperature * 10) >= std::lround(rules.fever_threshold * 10);
}

}  // namespace cordon

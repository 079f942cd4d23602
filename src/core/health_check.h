// Health checks (健康监测记录) of people in quarantine, and the rules that turn them into
// alerts: a fever or a symptom at a check, or a check that was due and never came.
//
// A day of follow-up is split into `checks_per_day` equal windows of local time (twice
// daily: morning 00:00-12:00 and evening 12:00-24:00). A check belongs to the window its
// local time falls in; a window that ends without a check is a missed check.
//
// Plain values; pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace cordon {

enum class CheckMethod { kVisit, kPhone, kSelfReport };
const char* check_method_name(CheckMethod m);  // "visit", "phone", "self_report"
std::optional<CheckMethod> parse_check_method(std::string_view text);

// The symptoms a check may name (besides free text).
inline constexpr std::string_view kSymptoms[] = {
    "cough", "sore_throat", "fatigue", "shortness_of_breath", "diarrhea", "muscle_pain",
    "loss_of_smell", "loss_of_taste", "runny_nose", "headache", "chills", "vomiting"};

// Accepted body temperatures, °C, inclusive: outside is a typing or device error.
inline constexpr double kMinTemperature = 34.0;
inline constexpr double kMaxTemperature = 43.0;

// What a policy says about follow-ups. The defaults are the national protocol's: fever
// from 37.3 °C, temperature twice a day.
struct FollowUpRules {
  double fever_threshold = 37.3;  // °C; a temperature >= this is a fever
  int checks_per_day = 2;         // 1..4
};

// A check as submitted.
struct HealthCheckInput {
  std::optional<int64_t> order_id;
  std::optional<double> temperature;
  std::optional<std::vector<std::string>> symptoms;
  std::optional<std::string> symptom_note;
  std::optional<std::string> method;
  std::optional<std::string> taken_at;  // RFC 3339; default: now
};

struct HealthCheck {
  int64_t id = 0;
  int64_t order_id = 0;
  int64_t person_id = 0;
  double temperature = 0;  // °C, one decimal
  std::vector<std::string> symptoms;  // from kSymptoms
  std::string symptom_note;           // free text, may be empty
  CheckMethod method = CheckMethod::kVisit;
  Instant taken_at;
  LocalDate taken_on;  // local date of taken_at
  int slot = 0;        // window of the day, 0-based
  int64_t recorded_by = 0;
  std::string recorded_by_name;
  Instant created_at;
};

// Validates a check: order_id present; temperature in [kMinTemperature, kMaxTemperature]
// (field "temperature", code "out_of_range"); symptoms from kSymptoms; note at most 500
// characters; method visit|phone|self_report; taken_at RFC 3339, not after `now` (a
// minute of clock skew allowed) and not more than 7 days before it. Every invalid field is
// reported. taken_on and slot are left for the caller (they need the time zone and rules).
Result<HealthCheck> validate_health_check(const HealthCheckInput& input, Instant now);

// The window of the day that a local time of day (seconds since local midnight) falls in.
int slot_of(int seconds_of_day, int checks_per_day);
// The window's name: "morning"/"evening" twice daily, "daily" once, else "slot-N" (1-based).
std::string slot_name(int slot, int checks_per_day);
// Seconds since local midnight at which window `slot` ends.
int slot_end_seconds(int slot, int checks_per_day);

bool is_fever(double temperature, const FollowUpRules& rules);

}  // namespace cordon

// Risk areas (风险地区) and arrivals from them.
//
// A risk area is a region named by the command office (a city, a district, a street —
// not necessarily a node of cordon's own place tree) whose level changes over time. Each
// level change is an entry with the date it takes effect; the level on a date is the one
// of the latest entry effective on or before it, and a region with no entry yet in effect
// is low. Entries are never edited: a correction is a new entry, so the answer for any
// past date stays reproducible.
//
// Plain values; pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/policy.h"

namespace cordon {

struct RiskLevelEntry {
  int64_t id = 0;
  int64_t area_id = 0;
  RiskLevel level = RiskLevel::kLow;
  LocalDate effective_from;
  Instant created_at;
  int64_t created_by = 0;
};

struct RiskArea {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> code;  // e.g. an administrative division code "420100"
  Instant created_at;
  std::vector<RiskLevelEntry> levels;  // ordered by effective_from, then id
};

// The level of `area` on `on`: the latest entry (by effective_from, then id) effective on
// or before that date; low before any.
RiskLevel level_on(const std::vector<RiskLevelEntry>& levels, LocalDate on);

// How a traveller came.
enum class Transport { kTrain, kFlight, kCar, kBus, kShip, kOther };
const char* transport_name(Transport t);  // "train", "flight", ...
std::optional<Transport> parse_transport(std::string_view text);

// An arrival (返乡/来访登记): a person who came to a grid from a place on a date.
struct Arrival {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t grid_id = 0;  // where the person stays now: decides who sees the arrival
  std::optional<int64_t> origin_area_id;  // the risk area, when the origin is one
  std::string origin;                     // as reported ("武汉市")
  LocalDate arrival_date;
  Transport transport = Transport::kOther;
  std::string transport_detail;       // train number, flight, plate
  std::optional<double> temperature;  // °C at registration
  RiskLevel risk_level = RiskLevel::kLow;  // of the origin on the arrival date
  std::string policy_code;                 // policy the arrival was evaluated with
  int policy_version = 0;
  std::optional<int64_t> order_id;  // the order it produced, if the policy required one
  bool person_created = false;  // the registration created the person
  bool fever = false;           // temperature at or above the policy's threshold
  int64_t reported_by = 0;
  Instant created_at;
};

}  // namespace cordon

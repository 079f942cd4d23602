// Use cases of risk areas and arrivals.
//
// Risk areas are not personal data and not part of the place tree: every account with
// quarantine.read sees the whole list; policies.manage edits it. Arrivals belong to the
// grid where the person stays and are scoped like orders.
//
// Thread-safe: the services hold only references.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/person.h"
#include "core/quarantine.h"
#include "core/risk_area.h"
#include "service/context.h"
#include "service/policies.h"

namespace cordon::service {

struct RiskAreaInput {
  std::optional<std::string> name;
  std::optional<std::string> code;
  // An initial level, effective from `effective_from` (both or neither).
  std::optional<std::string> level;
  std::optional<std::string> effective_from;
};

struct RiskLevelInput {
  std::optional<std::string> level;
  std::optional<std::string> effective_from;
};

struct RiskAreaList {
  std::vector<RiskArea> items;
  std::optional<std::string> next_cursor;
};

class RiskAreaService {
 public:
  explicit RiskAreaService(Context& ctx) : ctx_(ctx) {}

  // Invalid: name missing or too long, bad level or date; conflict: name or code taken.
  Result<RiskArea> create(const Actor& actor, const RiskAreaInput& input,
                          const std::optional<std::string>& idempotency_key = std::nullopt);
  // Not found "risk_area_not_found".
  Result<RiskArea> get(const Actor& actor, int64_t id);
  Result<RiskAreaList> list(const Actor& actor, const std::optional<std::string>& cursor,
                            const std::optional<std::string>& limit);
  // Adds a level entry (never edits one): the level from `effective_from` on.
  Result<RiskArea> add_level(const Actor& actor, int64_t id, const RiskLevelInput& input);

 private:
  Context& ctx_;
};

// What a front desk or a worker reports.
struct ArrivalInput {
  std::optional<int64_t> person_id;  // an existing person ...
  std::optional<PersonInput> person;  // ... or the person's details inline
  std::optional<int64_t> grid_id;     // where the person stays (default: their grid)
  std::optional<int64_t> origin_area_id;
  std::optional<std::string> origin;  // free text; defaults to the risk area's name
  std::optional<std::string> arrival_date;
  std::optional<std::string> transport;
  std::optional<std::string> transport_detail;
  std::optional<double> temperature;  // °C, 34.0..43.0
  std::optional<int64_t> site_id;     // for a centralized order: the designated site
  std::optional<std::string> note;
};

struct ArrivalOutcome {
  Arrival arrival;
  std::optional<QuarantineOrder> order;  // what the policy required, if anything
  bool person_created = false;
  bool fever = false;  // temperature at or above the policy's threshold
};

struct ArrivalList {
  std::vector<Arrival> items;
  std::optional<std::string> next_cursor;
};

class ArrivalService {
 public:
  ArrivalService(Context& ctx, const PolicyCatalog& catalog) : ctx_(ctx), catalog_(catalog) {}

  // Registers an arrival and evaluates it: the origin's risk level on the arrival date
  // and the policy in force decide the order (none for a category the policy leaves out,
  // or when the period is already over). An inline person is matched by document number
  // (anywhere: never a duplicate) or registered in grid_id, which must lie in the
  // reporter's jurisdiction (default: the reporter's jurisdiction when it is a grid).
  // Invalid with every bad field at once; idempotent with a key.
  Result<ArrivalOutcome> report(const Actor& actor, const ArrivalInput& input,
                                const std::optional<std::string>& idempotency_key = std::nullopt);
  // Not found "arrival_not_found" also outside the jurisdiction.
  Result<Arrival> get(const Actor& actor, int64_t id);
  Result<ArrivalList> list(const Actor& actor, std::optional<int64_t> grid_id,
                           const std::optional<std::string>& cursor,
                           const std::optional<std::string>& limit);

 private:
  Context& ctx_;
  const PolicyCatalog& catalog_;
};

// Temperatures cordon accepts, in °C (anything else is a typo or a broken thermometer).
inline constexpr double kMinTemperature = 34.0;
inline constexpr double kMaxTemperature = 43.0;

}  // namespace cordon::service

#include "core/risk_area.h"

#include "core/enum_names.h"

namespace cordon {

namespace {
constexpr EnumNames<Transport, 6> kTransports{{
    {Transport::kTrain, "train"},
    {Transport::kFlight, "flight"},
    {Transport::kCar, "car"},
    {Transport::kBus, "bus"},
    {Transport::kShip, "ship"},
    {Transport::kOther, "other"},
}};
}  // namespace

RiskLevel level_on(const std::vector<RiskLevelEntry>& levels, LocalDate on) {
  const RiskLevelEntry* best = nullptr;
  for (const auto& e : levels) {
    if (e.effective_from > on) continue;
    if (!best || e.effective_from > best->effective_from ||
        (e.effective_from == best->effective_from && e.id > best->id))
      best = &e;
  }
  return best ? best->level : RiskLevel::kLow;
}

const char* transport_name(Transport t) { return enum_name(t, kTransports); }
std::optional<Transport> parse_transport(std::string_view text) {
  return enum_from_name(text, kTransports);
}

}  // namespace cordon

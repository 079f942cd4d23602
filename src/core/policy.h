// Quarantine policies (防控方案): versioned rules shipped as JSON data files under
// policies/, parsed and checked here, and the date arithmetic every order is computed with.
//
// Day counting (docs/policies.md): the anchor date (last exposure, or arrival) is day 0;
// day 1 is the next calendar day. A policy's stages follow each other without a gap: a
// first stage of n days covers days 1..n and ends on anchor + n; the next stage of m days
// covers days n+1..n+m. A stage's last day is included in it, and a person is due for
// release on that last day (once its release conditions are met). Test days are numbered
// within their stage (day 1 = the stage's first day).
//
// Dates are local calendar dates; nothing here reads a clock. Pure; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/quarantine.h"
#include "core/status.h"

namespace cordon {

// Who an order is for, as a policy distinguishes them. Arrivals split by the risk level
// of the place they came from on the day they arrived.
enum class PolicyCategory {
  kCloseContact,
  kSecondaryContact,
  kArrivalHigh,
  kArrivalMedium,
  kArrivalLow,
};

const char* policy_category_name(PolicyCategory c);  // "close_contact", "arrival_high", ...
std::optional<PolicyCategory> parse_policy_category(std::string_view text);

enum class RiskLevel { kLow, kMedium, kHigh };
const char* risk_level_name(RiskLevel level);  // "low", "medium", "high"
std::optional<RiskLevel> parse_risk_level(std::string_view text);

// The category of an arrival from a place of `level`.
PolicyCategory arrival_category(RiskLevel level);
// The category of an order's reason; arrivals need the level too (nullopt for arrival).
std::optional<PolicyCategory> contact_category(OrderReason reason);

// What must hold before a stage may be released, besides its last day having come.
struct ReleaseConditions {
  // Negative results among samples taken within the stage, and no positive one.
  int negative_tests = 0;
};

struct PolicyStage {
  OrderKind kind = OrderKind::kHome;
  int days = 0;                // 1..60
  std::vector<int> test_days;  // within the stage, ascending, each 1..days
  ReleaseConditions release;
};

struct Policy {
  std::string code;  // "cn-9th-2022": names the family of a file's versions
  int version = 1;   // a new version of the same code replaces it for new orders
  std::string name;  // human title, e.g. "新型冠状病毒肺炎防控方案（第九版）"
  std::optional<LocalDate> effective_date;  // when the protocol took effect
  double fever_threshold_celsius = 37.3;    // at or above: a fever
  int followups_per_day = 2;                // health checks expected per day
  // A close contact is anyone exposed from this many days before the case's onset or
  // sampling (nullopt when the policy does not say).
  std::optional<int> contact_window_days;
  // Stages per category; a category absent from the map needs no order.
  std::map<PolicyCategory, std::vector<PolicyStage>> categories;
  std::string notes;  // what the file leaves to people (conditions cordon does not check)

  // The stages for `c`, or nullptr when the policy orders nothing for it.
  const std::vector<PolicyStage>* stages(PolicyCategory c) const;
};

// Parses and checks a policy file's text. Invalid ("policy.invalid") with a field error
// per problem, named by its JSON path ("categories.close_contact.stages.0.days"); malformed
// ("policy.malformed_json") when the text is not JSON.
Result<Policy> parse_policy(std::string_view json_text);

// The dates of one stage for an anchor.
struct StageDates {
  int stage = 0;
  OrderKind kind = OrderKind::kHome;
  LocalDate start_date;  // first day of the stage
  LocalDate end_date;    // last day of the stage, inclusive
};

// Every stage of `stages` laid out from `anchor` (day 0) under the counting rule above.
std::vector<StageDates> compute_stages(const std::vector<PolicyStage>& stages, LocalDate anchor);

// The last day of stage `stage` for `anchor`: anchor + the days of stages 0..stage.
LocalDate compute_end_date(const std::vector<PolicyStage>& stages, int stage, LocalDate anchor);

// The calendar dates of a stage's test days, given the stage's first day.
std::vector<LocalDate> test_dates(const PolicyStage& stage, LocalDate stage_start);

}  // namespace cordon

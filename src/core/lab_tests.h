// Lab tests (核酸/抗原检测): samples, pooled tubes (混管), results, and the release
// conditions a stage's tests must meet.
//
// A pooled tube holds the swabs of several people tested together. A negative tube makes
// every member's sample negative; a positive one says only that someone in it is
// infected, so every member's sample is flagged for an individual retest and keeps no
// result of its own.
//
// Plain values; pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/policy.h"
#include "core/quarantine.h"
#include "core/status.h"

namespace cordon {

enum class TestKind { kPcr, kAntigen };
enum class TestResult { kPending, kNegative, kPositive };

const char* test_kind_name(TestKind k);      // "pcr", "antigen"
const char* test_result_name(TestResult r);  // "pending", "negative", "positive"
std::optional<TestKind> parse_test_kind(std::string_view text);
std::optional<TestResult> parse_test_result(std::string_view text);

struct LabSample {
  int64_t id = 0;
  int64_t person_id = 0;
  int64_t grid_id = 0;                // the person's grid: decides who sees it
  std::optional<int64_t> order_id;    // the order it was taken under, if any
  std::optional<int64_t> tube_id;     // the pooled tube it went into, if any
  TestKind kind = TestKind::kPcr;
  LocalDate sampled_on;
  TestResult result = TestResult::kPending;
  std::optional<LocalDate> resulted_on;
  bool retest_required = false;  // set when its pooled tube was positive
  Instant created_at;
  Instant updated_at;
};

struct PooledTube {
  int64_t id = 0;
  std::string code;  // the barcode on the tube
  TestKind kind = TestKind::kPcr;
  int64_t grid_id = 0;  // the first member's grid
  LocalDate sampled_on;
  TestResult result = TestResult::kPending;
  std::optional<LocalDate> resulted_on;
  Instant created_at;
  Instant updated_at;
};

// Checks whether `order` (at policy stage `stage`) may be released on `today`, given the
// person's samples. Ok, or conflict "order.release_conditions_not_met" with one field
// error per unmet condition: "end_date" (the last day has not come), "tests" (fewer
// negative results within the stage than the stage requires), "positive_test" (a positive
// result within the stage), "retest" (a pooled tube's retest still pending).
Status check_release(const QuarantineOrder& order, const PolicyStage* stage, LocalDate today,
                     const std::vector<LabSample>& samples);

// One scheduled test of an order: its day within the stage, its date, and the sample taken
// that day if any.
struct ScheduledTest {
  int day = 0;
  LocalDate date;
  std::optional<int64_t> sample_id;
  std::optional<TestResult> result;
};

// The stage's test days laid on the calendar from the order's stage start (anchor-based,
// see core/policy.h), matched with samples taken on those dates.
std::vector<ScheduledTest> test_schedule(const PolicyStage& stage, LocalDate stage_start,
                                         const std::vector<LabSample>& samples);

}  // namespace cordon

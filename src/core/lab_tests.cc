#include "core/lab_tests.h"

#include "core/enum_names.h"

namespace cordon {

namespace {
constexpr EnumNames<TestKind, 2> kKinds{{{TestKind::kPcr, "pcr"}, {TestKind::kAntigen, "antigen"}}};
constexpr EnumNames<TestResult, 3> kResults{{
    {TestResult::kPending, "pending"},
    {TestResult::kNegative, "negative"},
    {TestResult::kPositive, "positive"},
}};
}  // namespace

const char* test_kind_name(TestKind k) { return enum_name(k, kKinds); }
const char* test_result_name(TestResult r) { return enum_name(r, kResults); }
std::optional<TestKind> parse_test_kind(std::string_view t) { return enum_from_name(t, kKinds); }
std::optional<TestResult> parse_test_result(std::string_view t) {
  return enum_from_name(t, kResults);
}

Status check_release(const QuarantineOrder& order, const PolicyStage* stage, LocalDate today,
                     const std::vector<LabSample>& samples) {
  std::vector<FieldError> unmet;
  if (today < order.end_date)
    unmet.push_back({"end_date", "period_not_over",
                     "the order ends on " + order.end_date.to_string() + "; release from then on"});
  int negatives = 0;
  bool positive = false, retest = false;
  for (const auto& s : samples) {
    if (s.person_id != order.person_id) continue;
    if (s.sampled_on < order.start_date || s.sampled_on > order.end_date) continue;
    if (s.result == TestResult::kNegative) ++negatives;
    if (s.result == TestResult::kPositive) positive = true;
    if (s.retest_required) retest = true;
  }
  int required = stage ? stage->release.negative_tests : 0;
  if (negatives < required)
    unmet.push_back({"tests", "negative_tests_missing",
                     std::to_string(required) + " negative test(s) within the period are required, " +
                         std::to_string(negatives) + " recorded"});
  if (positive)
    unmet.push_back({"tests", "positive_test",
                     "a test within the period was positive: escalate the order instead"});
  if (retest)
    unmet.push_back({"tests", "retest_pending",
                     "a pooled tube with this person was positive; an individual retest is due"});
  if (unmet.empty()) return Status();
  return Status::conflict("order.release_conditions_not_met",
                          "the release conditions of the policy are not met", std::move(unmet));
}

std::vector<ScheduledTest> test_schedule(const PolicyStage& stage, LocalDate stage_start,
                                         const std::vector<LabSample>& samples) {
  std::vector<ScheduledTest> out;
  for (int day : stage.test_days) {
    ScheduledTest t;
    t.day = day;
    t.date = stage_start.plus_days(day - 1);
    for (const auto& s : samples)
      if (s.sampled_on == t.date && !s.retest_required) {
        t.sample_id = s.id;
        t.result = s.result;
      }
    out.push_back(t);
  }
  return out;
}

}  // namespace cordon

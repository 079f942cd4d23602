#include "core/risk_area.h"

#include <gtest/gtest.h>

#include "core/lab_tests.h"

namespace cordon {
namespace {

LocalDate d(const char* text) { return LocalDate::parse(text).value(); }

RiskLevelEntry entry(int64_t id, RiskLevel level, const char* from) {
  RiskLevelEntry e;
  e.id = id;
  e.level = level;
  e.effective_from = d(from);
  return e;
}

TEST(RiskAreaTest, LevelOnADateAcrossChanges) {
  std::vector<RiskLevelEntry> levels{entry(1, RiskLevel::kHigh, "2022-07-01"),
                                     entry(2, RiskLevel::kMedium, "2022-07-08"),
                                     entry(3, RiskLevel::kLow, "2022-07-11")};
  EXPECT_EQ(level_on(levels, d("2022-06-30")), RiskLevel::kLow);   // before any entry
  EXPECT_EQ(level_on(levels, d("2022-07-01")), RiskLevel::kHigh);  // the day it takes effect
  EXPECT_EQ(level_on(levels, d("2022-07-07")), RiskLevel::kHigh);
  EXPECT_EQ(level_on(levels, d("2022-07-08")), RiskLevel::kMedium);
  EXPECT_EQ(level_on(levels, d("2022-07-10")), RiskLevel::kMedium);
  EXPECT_EQ(level_on(levels, d("2022-07-11")), RiskLevel::kLow);
  // A correction entered later for the same day wins over the earlier entry; entries
  // arrive in any order.
  levels.insert(levels.begin(), entry(4, RiskLevel::kHigh, "2022-07-08"));
  EXPECT_EQ(level_on(levels, d("2022-07-09")), RiskLevel::kHigh);
  EXPECT_EQ(level_on({}, d("2022-07-09")), RiskLevel::kLow);
}

TEST(RiskAreaTest, TransportNames) {
  EXPECT_EQ(parse_transport("train"), Transport::kTrain);
  EXPECT_STREQ(transport_name(Transport::kFlight), "flight");
  EXPECT_FALSE(parse_transport("horse"));
}

LabSample sample(int64_t id, const char* on, TestResult result, bool retest = false) {
  LabSample s;
  s.id = id;
  s.person_id = 1;
  s.sampled_on = d(on);
  s.result = result;
  s.retest_required = retest;
  return s;
}

TEST(ReleaseTest, ChecksEveryCondition) {
  QuarantineOrder o;
  o.person_id = 1;
  o.start_date = d("2022-07-02");
  o.end_date = d("2022-07-08");
  PolicyStage stage{OrderKind::kCentralized, 7, {1, 2, 3, 5, 7}, {2}};
  // The day before the end, with no tests: both conditions reported.
  Status s = check_release(o, &stage, d("2022-07-07"), {});
  ASSERT_EQ(s.code(), "order.release_conditions_not_met");
  ASSERT_EQ(s.errors().size(), 2u);
  EXPECT_EQ(s.errors()[0].code, "period_not_over");
  EXPECT_EQ(s.errors()[1].code, "negative_tests_missing");
  // A negative before the period does not count; two within it do.
  std::vector<LabSample> samples{sample(1, "2022-07-01", TestResult::kNegative),
                                 sample(2, "2022-07-05", TestResult::kNegative)};
  EXPECT_FALSE(check_release(o, &stage, d("2022-07-08"), samples).ok());
  samples.push_back(sample(3, "2022-07-08", TestResult::kNegative));
  EXPECT_TRUE(check_release(o, &stage, d("2022-07-08"), samples).ok());
  EXPECT_TRUE(check_release(o, &stage, d("2022-07-20"), samples).ok());
  // A pending retest or a positive blocks release.
  samples.push_back(sample(4, "2022-07-06", TestResult::kPending, true));
  EXPECT_EQ(check_release(o, &stage, d("2022-07-08"), samples).errors().at(0).code,
            "retest_pending");
  samples.back() = sample(4, "2022-07-06", TestResult::kPositive);
  EXPECT_EQ(check_release(o, &stage, d("2022-07-08"), samples).errors().at(0).code,
            "positive_test");
  // Without a policy stage only the end date matters.
  EXPECT_TRUE(check_release(o, nullptr, d("2022-07-08"), {}).ok());
}

TEST(ReleaseTest, ScheduleMatchesSamplesByDate) {
  PolicyStage stage{OrderKind::kCentralized, 7, {1, 2, 3, 5, 7}, {1}};
  auto schedule = test_schedule(stage, d("2022-07-02"),
                                {sample(9, "2022-07-03", TestResult::kNegative),
                                 sample(10, "2022-07-04", TestResult::kPending, true)});
  ASSERT_EQ(schedule.size(), 5u);
  EXPECT_EQ(schedule[0].date, d("2022-07-02"));
  EXPECT_FALSE(schedule[0].sample_id);
  EXPECT_EQ(schedule[1].sample_id, 9);
  EXPECT_EQ(schedule[1].result, TestResult::kNegative);
  EXPECT_FALSE(schedule[2].sample_id);  // a pooled sample awaiting retest does not count
  EXPECT_EQ(schedule[4].date, d("2022-07-08"));
}

}  // namespace
}  // namespace cordon

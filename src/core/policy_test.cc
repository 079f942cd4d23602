#include "core/policy.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cordon {
namespace {

LocalDate d(const char* text) { return LocalDate::parse(text).value(); }

Policy load(const std::string& file) {
  std::ifstream in(std::string(CORDON_SOURCE_DIR) + "/policies/" + file);
  std::stringstream text;
  text << in.rdbuf();
  auto p = parse_policy(text.str());
  EXPECT_TRUE(p.ok()) << file << ": " << p.status().to_string();
  return p.ok() ? *p : Policy{};
}

// Stage dates as "start..end" strings, for compact expectations.
std::vector<std::string> layout(const Policy& p, PolicyCategory c, const char* anchor) {
  std::vector<std::string> out;
  const auto* stages = p.stages(c);
  if (!stages) return out;
  for (const auto& s : compute_stages(*stages, d(anchor)))
    out.push_back(std::string(order_kind_name(s.kind)) + " " + s.start_date.to_string() + ".." +
                  s.end_date.to_string());
  return out;
}

using Lines = std::vector<std::string>;

TEST(PolicyFilesTest, EveryShippedFileParses) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CORDON_SOURCE_DIR) + "/policies")) {
    if (entry.path().extension() != ".json") continue;
    Policy p = load(entry.path().filename().string());
    EXPECT_EQ(p.code + ".json", entry.path().filename().string()) << "file named after its code";
    ++files;
  }
  EXPECT_EQ(files, 5);
}

// Day 0 is the anchor: a close contact last exposed on 2020-01-20 is observed on days
// 1..14, i.e. 2020-01-21 to 2020-02-03 inclusive, and is due for release on 2020-02-03.
TEST(PolicyFilesTest, Early2020FourteenDays) {
  Policy p = load("cn-2020-early.json");
  EXPECT_EQ(p.fever_threshold_celsius, 37.3);
  EXPECT_EQ(p.followups_per_day, 2);
  EXPECT_EQ(layout(p, PolicyCategory::kCloseContact, "2020-01-20"),
            (Lines{"home 2020-01-21..2020-02-03"}));
  EXPECT_EQ(layout(p, PolicyCategory::kArrivalHigh, "2020-01-23"),
            (Lines{"centralized 2020-01-24..2020-02-06"}));
  EXPECT_EQ(p.stages(PolicyCategory::kArrivalLow), nullptr);
  EXPECT_EQ(p.stages(PolicyCategory::kSecondaryContact), nullptr);
}

// Across the leap day of 2020: 14 days from 2020-02-20 end on 2020-03-05 (29 days in
// February), and the 7 days of home monitoring follow without a gap.
TEST(PolicyFilesTest, EighthEditionFourteenPlusSevenAcrossLeapDay) {
  Policy p = load("cn-8th-2021.json");
  EXPECT_EQ(layout(p, PolicyCategory::kCloseContact, "2020-02-20"),
            (Lines{"centralized 2020-02-21..2020-03-05", "home_monitoring 2020-03-06..2020-03-12"}));
  EXPECT_EQ(layout(p, PolicyCategory::kCloseContact, "2021-02-20"),
            (Lines{"centralized 2021-02-21..2021-03-06", "home_monitoring 2021-03-07..2021-03-13"}));
  const auto& first = p.stages(PolicyCategory::kCloseContact)->at(0);
  EXPECT_EQ(first.release.negative_tests, 2);
  std::vector<LocalDate> tests = test_dates(first, d("2020-02-21"));
  ASSERT_EQ(tests.size(), 4u);
  EXPECT_EQ(tests[0], d("2020-02-21"));  // day 1
  EXPECT_EQ(tests[1], d("2020-02-24"));  // day 4
  EXPECT_EQ(tests[2], d("2020-02-27"));  // day 7
  EXPECT_EQ(tests[3], d("2020-03-05"));  // day 14, the last day, the 29th in between
  EXPECT_EQ(layout(p, PolicyCategory::kSecondaryContact, "2021-06-01"),
            (Lines{"centralized 2021-06-02..2021-06-08"}));
}

TEST(PolicyFilesTest, NinthEditionSevenPlusThree) {
  Policy p = load("cn-9th-2022.json");
  EXPECT_EQ(p.contact_window_days, 4);
  // Exposed on the leap day 2024-02-29: days 1..7 are Mar 1..7, then 3 days at home.
  EXPECT_EQ(layout(p, PolicyCategory::kCloseContact, "2024-02-29"),
            (Lines{"centralized 2024-03-01..2024-03-07", "home_monitoring 2024-03-08..2024-03-10"}));
  // Exposed on Feb 28 of a leap year: day 1 is the leap day itself.
  EXPECT_EQ(layout(p, PolicyCategory::kCloseContact, "2024-02-28"),
            (Lines{"centralized 2024-02-29..2024-03-06", "home_monitoring 2024-03-07..2024-03-09"}));
  EXPECT_EQ(layout(p, PolicyCategory::kSecondaryContact, "2022-07-01"),
            (Lines{"home 2022-07-02..2022-07-08"}));
  EXPECT_EQ(layout(p, PolicyCategory::kArrivalHigh, "2022-12-31"),
            (Lines{"centralized 2023-01-01..2023-01-07"}));
  EXPECT_EQ(layout(p, PolicyCategory::kArrivalMedium, "2022-07-01"),
            (Lines{"home 2022-07-02..2022-07-08"}));
  EXPECT_EQ(p.stages(PolicyCategory::kArrivalLow), nullptr);
  const auto& centralized = p.stages(PolicyCategory::kCloseContact)->at(0);
  EXPECT_EQ(centralized.test_days, (std::vector<int>{1, 2, 3, 5, 7}));
  EXPECT_EQ(p.stages(PolicyCategory::kCloseContact)->at(1).test_days, (std::vector<int>{3}));
}

TEST(PolicyFilesTest, TwentyMeasuresFivePlusThree) {
  Policy p = load("cn-20-measures-2022.json");
  EXPECT_EQ(layout(p, PolicyCategory::kCloseContact, "2022-11-30"),
            (Lines{"centralized 2022-12-01..2022-12-05", "home 2022-12-06..2022-12-08"}));
  EXPECT_EQ(p.stages(PolicyCategory::kSecondaryContact), nullptr);
  EXPECT_EQ(layout(p, PolicyCategory::kArrivalHigh, "2022-11-11"),
            (Lines{"home 2022-11-12..2022-11-18"}));
  EXPECT_EQ(p.stages(PolicyCategory::kArrivalMedium), nullptr);
}

TEST(PolicyFilesTest, GenericTwentyOneDays) {
  Policy p = load("generic-21-day.json");
  EXPECT_EQ(p.fever_threshold_celsius, 38.0);
  // Day 21 of an exposure on 2019-12-31 is 2020-01-21: the year boundary counts as any day.
  EXPECT_EQ(layout(p, PolicyCategory::kCloseContact, "2019-12-31"),
            (Lines{"home_monitoring 2020-01-01..2020-01-21"}));
  EXPECT_EQ(compute_end_date(*p.stages(PolicyCategory::kCloseContact), 0, d("2019-12-31")),
            d("2020-01-21"));
}

TEST(PolicyParseTest, EndDatesSumTheStagesUpTo) {
  std::vector<PolicyStage> stages{{OrderKind::kCentralized, 7, {}, {}},
                                  {OrderKind::kHomeMonitoring, 3, {}, {}}};
  EXPECT_EQ(compute_end_date(stages, 0, d("2022-07-01")), d("2022-07-08"));
  EXPECT_EQ(compute_end_date(stages, 1, d("2022-07-01")), d("2022-07-11"));
}

TEST(PolicyParseTest, ReportsEveryProblemWithItsPath) {
  auto p = parse_policy(R"({
    "code": "Bad Code", "version": 0, "fever_threshold_celsius": 41,
    "followups_per_day": 2, "colour": "red",
    "categories": {
      "close_contact": {"stages": [{"kind": "hotel", "days": 0, "test_days": [3, 2]}]},
      "tourists": {"stages": []},
      "arrival_high": {"stages": [{"kind": "home", "days": 7, "test_days": [1, 8],
                                   "release": {"negative_tests": 3}}]}
    }})");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), "policy.invalid");
  std::set<std::string> fields;
  for (const auto& e : p.status().errors()) fields.insert(e.field + ":" + e.code);
  for (const char* want :
       {"code:invalid_code", "version:out_of_range", "name:required",
        "fever_threshold_celsius:out_of_range", "colour:unknown_field",
        "categories.close_contact.stages.0.kind:invalid_kind",
        "categories.close_contact.stages.0.days:out_of_range",
        "categories.tourists:unknown_category",
        "categories.arrival_high.stages.0.test_days.1:out_of_range",
        "categories.arrival_high.stages.0.release.negative_tests:more_than_scheduled"})
    EXPECT_TRUE(fields.count(want)) << want;
}

TEST(PolicyParseTest, NotJsonIsMalformed) {
  EXPECT_EQ(parse_policy("{").status().code(), "policy.malformed_json");
  EXPECT_EQ(parse_policy("[1]").status().code(), "policy.invalid");
}

TEST(PolicyParseTest, LevelsAndCategories) {
  EXPECT_EQ(arrival_category(RiskLevel::kHigh), PolicyCategory::kArrivalHigh);
  EXPECT_EQ(arrival_category(RiskLevel::kLow), PolicyCategory::kArrivalLow);
  EXPECT_EQ(contact_category(OrderReason::kSecondaryContact), PolicyCategory::kSecondaryContact);
  EXPECT_FALSE(contact_category(OrderReason::kArrival));
  EXPECT_EQ(parse_risk_level("medium"), RiskLevel::kMedium);
  EXPECT_FALSE(parse_risk_level("High"));
}

}  // namespace
}  // namespace cordon

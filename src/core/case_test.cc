#include "core/case.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

LocalDate d(const char* s) { return LocalDate::parse(s).value(); }
const LocalDate kToday = d("2020-02-05");

bool has_field(const Status& s, const std::string& field, const std::string& code) {
  for (const auto& e : s.errors())
    if (e.field == field && e.code == code) return true;
  return false;
}

TEST(CaseNames, RoundTrip) {
  for (auto c : {CaseClassification::kSuspected, CaseClassification::kConfirmed,
                 CaseClassification::kAsymptomatic})
    EXPECT_EQ(parse_case_classification(case_classification_name(c)), c);
  for (auto o : {CaseOutcome::kRecovered, CaseOutcome::kDied, CaseOutcome::kRuledOut,
                 CaseOutcome::kTransferred})
    EXPECT_EQ(parse_case_outcome(case_outcome_name(o)), o);
  for (int i = 0; i < kExposureSettingCount; ++i) {
    auto s = static_cast<ExposureSetting>(i);
    EXPECT_EQ(parse_exposure_setting(exposure_setting_name(s)), s);
  }
  EXPECT_FALSE(parse_case_classification("Confirmed"));
  EXPECT_FALSE(parse_exposure_setting("dinner"));
  EXPECT_STREQ(contact_category_name(ContactCategory::kSecondary), "secondary");
}

TEST(ValidateCase, DefaultsReportDateToToday) {
  auto c = validate_case({int64_t{7}, "confirmed", "2020-02-01", std::nullopt, std::nullopt},
                         kToday);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->person_id, 7);
  EXPECT_EQ(c->report_date, kToday);
  EXPECT_EQ(c->anchor_date(), d("2020-02-01"));
}

TEST(ValidateCase, ReportsEveryBadField) {
  auto c = validate_case({std::nullopt, "sick", "2020-02-31", "2020-02-06", std::nullopt},
                         kToday);
  ASSERT_FALSE(c.ok());
  const Status& s = c.status();
  EXPECT_TRUE(has_field(s, "person_id", "required"));
  EXPECT_TRUE(has_field(s, "classification", "unknown_classification"));
  EXPECT_TRUE(has_field(s, "onset_date", "invalid_date"));
  EXPECT_TRUE(has_field(s, "sampling_date", "in_future"));
}

TEST(ValidateCase, DatesAgainstReportDate) {
  auto c = validate_case({int64_t{1}, "confirmed", "2020-02-04", "2020-02-04", "2020-02-03"},
                         kToday);
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(has_field(c.status(), "onset_date", "after_report_date"));
  EXPECT_TRUE(has_field(c.status(), "sampling_date", "after_report_date"));
  // Same day is fine.
  EXPECT_TRUE(validate_case({int64_t{1}, "confirmed", "2020-02-03", "2020-02-03", "2020-02-03"},
                            kToday)
                  .ok());
}

TEST(ValidateCase, AsymptomaticHasNoOnset) {
  auto c = validate_case({int64_t{1}, "asymptomatic", "2020-02-01", std::nullopt, std::nullopt},
                         kToday);
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(has_field(c.status(), "onset_date", "asymptomatic_onset"));
  auto ok = validate_case({int64_t{1}, "asymptomatic", std::nullopt, "2020-02-02", std::nullopt},
                          kToday);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->anchor_date(), d("2020-02-02"));  // sampling when no onset
}

TEST(Reclassify, Transitions) {
  using C = CaseClassification;
  EXPECT_TRUE(may_reclassify(C::kSuspected, C::kConfirmed));
  EXPECT_TRUE(may_reclassify(C::kSuspected, C::kAsymptomatic));
  EXPECT_TRUE(may_reclassify(C::kAsymptomatic, C::kConfirmed));
  EXPECT_FALSE(may_reclassify(C::kSuspected, C::kSuspected));
  EXPECT_FALSE(may_reclassify(C::kConfirmed, C::kSuspected));
  EXPECT_FALSE(may_reclassify(C::kConfirmed, C::kAsymptomatic));
  EXPECT_FALSE(may_reclassify(C::kAsymptomatic, C::kSuspected));
  EXPECT_FALSE(may_reclassify(C::kConfirmed, C::kConfirmed));
}

TEST(Reclassify, AsymptomaticToConfirmedNeedsOnset) {
  Case c;
  c.classification = CaseClassification::kAsymptomatic;
  c.report_date = d("2020-02-03");
  Status s = reclassify_case(c, CaseClassification::kConfirmed, std::nullopt, kToday);
  EXPECT_TRUE(has_field(s, "onset_date", "onset_date_required"));
  EXPECT_EQ(c.classification, CaseClassification::kAsymptomatic);  // unchanged on failure
  EXPECT_TRUE(reclassify_case(c, CaseClassification::kConfirmed, d("2020-02-04"), kToday).ok());
  EXPECT_EQ(c.classification, CaseClassification::kConfirmed);
  EXPECT_EQ(c.onset_date, d("2020-02-04"));
}

TEST(Reclassify, RefusedWhenIllegalOrClosed) {
  Case c;
  c.classification = CaseClassification::kConfirmed;
  EXPECT_EQ(reclassify_case(c, CaseClassification::kSuspected, std::nullopt, kToday).code(),
            "illegal_reclassification");
  Case s;
  s.report_date = d("2020-02-01");
  ASSERT_TRUE(close_case(s, CaseOutcome::kRuledOut, d("2020-02-02"), kToday).ok());
  EXPECT_EQ(reclassify_case(s, CaseClassification::kConfirmed, std::nullopt, kToday).code(),
            "case_closed");
  // Suspected to asymptomatic with an onset date contradicts itself.
  Case t;
  t.report_date = d("2020-02-03");
  EXPECT_TRUE(has_field(
      reclassify_case(t, CaseClassification::kAsymptomatic, d("2020-02-01"), kToday),
      "onset_date", "asymptomatic_onset"));
  EXPECT_TRUE(has_field(reclassify_case(t, CaseClassification::kConfirmed, d("2020-02-06"), kToday),
                        "onset_date", "in_future"));
}

TEST(CloseCase, Rules) {
  Case c;
  c.classification = CaseClassification::kConfirmed;
  c.report_date = d("2020-02-03");
  EXPECT_TRUE(has_field(close_case(c, CaseOutcome::kRuledOut, d("2020-02-04"), kToday), "outcome",
                        "ruled_out_not_suspected"));
  EXPECT_TRUE(has_field(close_case(c, CaseOutcome::kRecovered, d("2020-02-02"), kToday),
                        "outcome_date", "before_report_date"));
  EXPECT_TRUE(has_field(close_case(c, CaseOutcome::kRecovered, d("2020-02-06"), kToday),
                        "outcome_date", "in_future"));
  EXPECT_FALSE(c.outcome);
  ASSERT_TRUE(close_case(c, CaseOutcome::kRecovered, d("2020-02-03"), kToday).ok());
  EXPECT_EQ(c.outcome, CaseOutcome::kRecovered);
  EXPECT_EQ(close_case(c, CaseOutcome::kDied, kToday, kToday).code(), "case_closed");
}

TEST(ContactCategory, WindowBeforeAnchorBoundaries) {
  Case source;
  source.onset_date = d("2020-02-10");
  source.report_date = d("2020-02-12");
  ContactRule ninth{4, true};
  ContactRule fifth{2, true};
  // 9th edition: from 4 days before onset, inclusive.
  EXPECT_EQ(derive_contact_category(ninth, &source, false, d("2020-02-06")), ContactCategory::kClose);
  EXPECT_EQ(derive_contact_category(ninth, &source, false, d("2020-02-05")), ContactCategory::kNone);
  // 5th edition: from 2 days before.
  EXPECT_EQ(derive_contact_category(fifth, &source, false, d("2020-02-08")), ContactCategory::kClose);
  EXPECT_EQ(derive_contact_category(fifth, &source, false, d("2020-02-07")), ContactCategory::kNone);
  // After onset: always close.
  EXPECT_EQ(derive_contact_category(fifth, &source, false, d("2020-02-12")), ContactCategory::kClose);
  // Across a leap day: 4 days before 2020-03-02 is 2020-02-27.
  Case leap;
  leap.onset_date = d("2020-03-02");
  leap.report_date = d("2020-03-02");
  EXPECT_EQ(derive_contact_category(ninth, &leap, false, d("2020-02-27")), ContactCategory::kClose);
  EXPECT_EQ(derive_contact_category(ninth, &leap, false, d("2020-02-26")), ContactCategory::kNone);
}

TEST(ContactCategory, AnchorFallsBackToSamplingThenReport) {
  ContactRule rule{4, true};
  Case asym;
  asym.classification = CaseClassification::kAsymptomatic;
  asym.sampling_date = d("2020-02-10");
  asym.report_date = d("2020-02-11");
  EXPECT_EQ(derive_contact_category(rule, &asym, false, d("2020-02-06")), ContactCategory::kClose);
  EXPECT_EQ(derive_contact_category(rule, &asym, false, d("2020-02-05")), ContactCategory::kNone);
  Case bare;
  bare.report_date = d("2020-02-11");
  EXPECT_EQ(derive_contact_category(rule, &bare, false, d("2020-02-07")), ContactCategory::kClose);
  EXPECT_EQ(derive_contact_category(rule, &bare, false, d("2020-02-06")), ContactCategory::kNone);
}

TEST(ContactCategory, SecondaryAndNone) {
  ContactRule rule{4, true};
  EXPECT_EQ(derive_contact_category(rule, nullptr, true, kToday), ContactCategory::kSecondary);
  EXPECT_EQ(derive_contact_category(rule, nullptr, false, kToday), ContactCategory::kNone);
  rule.secondary_contacts = false;
  EXPECT_EQ(derive_contact_category(rule, nullptr, true, kToday), ContactCategory::kNone);
  Case ruled_out;
  ruled_out.report_date = kToday;
  ruled_out.outcome = CaseOutcome::kRuledOut;
  EXPECT_EQ(derive_contact_category(rule, &ruled_out, false, kToday), ContactCategory::kNone);
}

TEST(ValidateExposure, GoodInputDefaultsFirstDate) {
  auto e = validate_exposure({int64_t{1}, int64_t{2}, "shared_meal", std::nullopt, "2020-02-03",
                              "XX饭店"},
                             kToday);
  ASSERT_TRUE(e.ok()) << e.status().to_string();
  EXPECT_EQ(e->setting, ExposureSetting::kSharedMeal);
  EXPECT_EQ(e->first_date, d("2020-02-03"));
  EXPECT_EQ(e->place, "XX饭店");
}

TEST(ValidateExposure, ReportsEveryBadFieldWithPrefix) {
  auto e = validate_exposure({int64_t{1}, int64_t{1}, "party", "2020-02-04", "2020-02-03",
                              std::string(201, 'x')},
                             kToday, "contacts.2.");
  ASSERT_FALSE(e.ok());
  const Status& s = e.status();
  EXPECT_TRUE(has_field(s, "contacts.2.person_id", "self_exposure"));
  EXPECT_TRUE(has_field(s, "contacts.2.setting", "unknown_setting"));
  EXPECT_TRUE(has_field(s, "contacts.2.first_date", "after_last_date"));
  EXPECT_TRUE(has_field(s, "contacts.2.place", "too_long"));
  auto missing = validate_exposure({}, kToday);
  EXPECT_TRUE(has_field(missing.status(), "person_id", "required"));
  EXPECT_TRUE(has_field(missing.status(), "source_person_id", "required"));
  EXPECT_TRUE(has_field(missing.status(), "setting", "required"));
  EXPECT_TRUE(has_field(missing.status(), "last_date", "required"));
  auto future = validate_exposure({int64_t{1}, int64_t{2}, "household", std::nullopt,
                                   "2020-02-06", std::nullopt},
                                  kToday);
  EXPECT_TRUE(has_field(future.status(), "last_date", "in_future"));
}

}  // namespace
}  // namespace cordon

#include "core/case.h"

#include <array>

namespace cordon {

namespace {

template <typename Enum, size_t N>
std::optional<Enum> parse_name(const std::array<const char*, N>& names, std::string_view text) {
  for (size_t i = 0; i < N; ++i)
    if (text == names[i]) return static_cast<Enum>(i);
  return std::nullopt;
}

constexpr std::array<const char*, 3> kClassifications = {"suspected", "confirmed",
                                                         "asymptomatic"};
constexpr std::array<const char*, 4> kOutcomes = {"recovered", "died", "ruled_out",
                                                  "transferred"};
constexpr std::array<const char*, kExposureSettingCount> kSettings = {
    "household", "shared_meal", "workplace", "transport", "other"};
constexpr std::array<const char*, 3> kCategories = {"close", "secondary", "none"};

// Parses an optional date field into `out`, reporting a bad one to `v`; also refuses a
// date after `today`.
void read_date(Validation& v, const std::optional<std::string>& text, const std::string& field,
               LocalDate today, std::optional<LocalDate>& out) {
  if (!text) return;
  auto d = LocalDate::parse(*text, field);
  if (!d.ok()) {
    v.add(d.status());
    return;
  }
  if (*d > today) {
    v.add(field, "in_future", field + " is after today");
    return;
  }
  out = *d;
}

void check_case_dates(Validation& v, const Case& c, bool onset_may_follow_report = false) {
  if (c.onset_date && *c.onset_date > c.report_date && !onset_may_follow_report)
    v.add("onset_date", "after_report_date", "onset_date is after the report date");
  if (c.sampling_date && *c.sampling_date > c.report_date)
    v.add("sampling_date", "after_report_date", "sampling_date is after the report date");
  if (c.onset_date && c.classification == CaseClassification::kAsymptomatic)
    v.add("onset_date", "asymptomatic_onset", "an asymptomatic case has no onset date");
}

Status case_closed() {
  return Status::conflict("case_closed", "the case has an outcome and can no longer change");
}

}  // namespace

const char* case_classification_name(CaseClassification c) {
  return kClassifications[static_cast<size_t>(c)];
}
std::optional<CaseClassification> parse_case_classification(std::string_view text) {
  return parse_name<CaseClassification>(kClassifications, text);
}
const char* case_outcome_name(CaseOutcome o) { return kOutcomes[static_cast<size_t>(o)]; }
std::optional<CaseOutcome> parse_case_outcome(std::string_view text) {
  return parse_name<CaseOutcome>(kOutcomes, text);
}
const char* exposure_setting_name(ExposureSetting s) { return kSettings[static_cast<size_t>(s)]; }
std::optional<ExposureSetting> parse_exposure_setting(std::string_view text) {
  return parse_name<ExposureSetting>(kSettings, text);
}
const char* contact_category_name(ContactCategory c) {
  return kCategories[static_cast<size_t>(c)];
}

Result<Case> validate_case(const CaseInput& input, LocalDate today) {
  Validation v;
  Case c;
  if (!input.person_id) v.add("person_id", "required", "person_id is required");
  else c.person_id = *input.person_id;
  if (!input.classification) {
    v.add("classification", "required", "classification is required");
  } else if (auto cl = parse_case_classification(*input.classification)) {
    c.classification = *cl;
  } else {
    v.add("classification", "unknown_classification",
          "classification must be suspected, confirmed or asymptomatic");
  }
  std::optional<LocalDate> report;
  read_date(v, input.onset_date, "onset_date", today, c.onset_date);
  read_date(v, input.sampling_date, "sampling_date", today, c.sampling_date);
  read_date(v, input.report_date, "report_date", today, report);
  c.report_date = report.value_or(today);
  if (v.ok()) check_case_dates(v, c);
  CORDON_RETURN_IF_ERROR(v.status());
  return c;
}

bool may_reclassify(CaseClassification from, CaseClassification to) {
  using C = CaseClassification;
  return (from == C::kSuspected && to != C::kSuspected) ||
         (from == C::kAsymptomatic && to == C::kConfirmed);
}

Status reclassify_case(Case& c, CaseClassification to, std::optional<LocalDate> onset_date,
                       LocalDate today) {
  if (c.outcome) return case_closed();
  if (!may_reclassify(c.classification, to))
    return Status::conflict("illegal_reclassification",
                            std::string("a ") + case_classification_name(c.classification) +
                                " case cannot become " + case_classification_name(to));
  Case next = c;
  next.classification = to;
  if (onset_date) next.onset_date = onset_date;
  Validation v;
  if (onset_date && *onset_date > today)
    v.add("onset_date", "in_future", "onset_date is after today");
  if (c.classification == CaseClassification::kAsymptomatic && !next.onset_date)
    v.add("onset_date", "onset_date_required",
          "an asymptomatic case becomes confirmed when symptoms begin: give the onset date");
  // An asymptomatic case develops symptoms after it was reported: its onset may follow
  // the report date.
  if (v.ok())
    check_case_dates(v, next, c.classification == CaseClassification::kAsymptomatic);
  CORDON_RETURN_IF_ERROR(v.status());
  c = std::move(next);
  return Status();
}

Status close_case(Case& c, CaseOutcome outcome, LocalDate date, LocalDate today) {
  if (c.outcome) return case_closed();
  Validation v;
  if (outcome == CaseOutcome::kRuledOut && c.classification != CaseClassification::kSuspected)
    v.add("outcome", "ruled_out_not_suspected", "only a suspected case can be ruled out");
  if (date < c.report_date)
    v.add("outcome_date", "before_report_date", "outcome_date is before the report date");
  if (date > today) v.add("outcome_date", "in_future", "outcome_date is after today");
  CORDON_RETURN_IF_ERROR(v.status());
  c.outcome = outcome;
  c.outcome_date = date;
  return Status();
}

ContactCategory derive_contact_category(const ContactRule& rule, const Case* source_case,
                                        bool source_is_close_contact, LocalDate last_exposure) {
  if (source_case) {
    // A ruled-out suspect infected nobody.
    if (source_case->outcome == CaseOutcome::kRuledOut) return ContactCategory::kNone;
    LocalDate from = source_case->anchor_date().plus_days(-rule.days_before_anchor);
    return last_exposure >= from ? ContactCategory::kClose : ContactCategory::kNone;
  }
  if (source_is_close_contact && rule.secondary_contacts) return ContactCategory::kSecondary;
  return ContactCategory::kNone;
}

Result<Exposure> validate_exposure(const ExposureInput& input, LocalDate today,
                                   std::string_view prefix) {
  Validation v;
  Exposure e;
  auto field = [&](const char* name) { return std::string(prefix) + name; };
  if (!input.person_id) v.add(field("person_id"), "required", "person_id is required");
  else e.person_id = *input.person_id;
  if (!input.source_person_id)
    v.add(field("source_person_id"), "required", "source_person_id is required");
  else e.source_person_id = *input.source_person_id;
  if (input.person_id && input.source_person_id && *input.person_id == *input.source_person_id)
    v.add(field("person_id"), "self_exposure", "a person cannot be exposed to themselves");
  if (!input.setting) {
    v.add(field("setting"), "required", "setting is required");
  } else if (auto s = parse_exposure_setting(*input.setting)) {
    e.setting = *s;
  } else {
    v.add(field("setting"), "unknown_setting",
          "setting must be household, shared_meal, workplace, transport or other");
  }
  std::optional<LocalDate> first, last;
  if (!input.last_date) v.add(field("last_date"), "required", "last_date is required");
  read_date(v, input.last_date, field("last_date"), today, last);
  read_date(v, input.first_date, field("first_date"), today, first);
  if (first && last && *first > *last)
    v.add(field("first_date"), "after_last_date", "first_date is after last_date");
  if (input.place) {
    if (input.place->size() > 200)
      v.add(field("place"), "too_long", "place is longer than 200 bytes");
    else e.place = *input.place;
  }
  CORDON_RETURN_IF_ERROR(v.status());
  e.last_date = *last;
  e.first_date = first.value_or(*last);
  return e;
}

}  // namespace cordon

// Cases (病例) and exposures (接触): the records of contact tracing (流调).
//
// A case is a person classified suspected, confirmed or asymptomatic, with the dates that
// anchor its epidemiology (onset, sampling, report) and, once closed, an outcome. An
// exposure says that a person was exposed to a source person (a case, or a contact of
// one) in a setting, from a first to a last date; the contact category (close, secondary)
// is derived from it by the rules of the policy in force (derive_contact_category).
//
// Plain values; pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace cordon {

enum class CaseClassification { kSuspected, kConfirmed, kAsymptomatic };
const char* case_classification_name(CaseClassification c);  // "suspected", ...
std::optional<CaseClassification> parse_case_classification(std::string_view text);

// How a case ended. A suspected case that tests negative is ruled out.
enum class CaseOutcome { kRecovered, kDied, kRuledOut, kTransferred };
const char* case_outcome_name(CaseOutcome o);  // "recovered", "died", "ruled_out", "transferred"
std::optional<CaseOutcome> parse_case_outcome(std::string_view text);

enum class ExposureSetting { kHousehold, kSharedMeal, kWorkplace, kTransport, kOther };
inline constexpr int kExposureSettingCount = 5;
const char* exposure_setting_name(ExposureSetting s);  // "household", "shared_meal", ...
std::optional<ExposureSetting> parse_exposure_setting(std::string_view text);

// What an exposure makes of the exposed person.
enum class ContactCategory {
  kClose,      // 密接: exposed to a case inside the policy's window
  kSecondary,  // 次密接: exposed to a close contact
  kNone,       // exposed before the window, or to someone who is neither
};
const char* contact_category_name(ContactCategory c);  // "close", "secondary", "none"

struct Case {
  int64_t id = 0;
  int64_t person_id = 0;
  CaseClassification classification = CaseClassification::kSuspected;
  std::optional<LocalDate> onset_date;     // symptoms began (never for asymptomatic)
  std::optional<LocalDate> sampling_date;  // the sample that found it
  LocalDate report_date;                   // reported to the health authority
  std::optional<CaseOutcome> outcome;      // nullopt while open
  std::optional<LocalDate> outcome_date;
  Instant created_at;
  Instant updated_at;
  int64_t version = 1;

  // The date contact tracing counts back from: onset, else sampling, else report.
  LocalDate anchor_date() const {
    return onset_date ? *onset_date : sampling_date ? *sampling_date : report_date;
  }
};

// Fields of a new case as submitted. Dates "YYYY-MM-DD".
struct CaseInput {
  std::optional<int64_t> person_id;
  std::optional<std::string> classification;
  std::optional<std::string> onset_date;
  std::optional<std::string> sampling_date;
  std::optional<std::string> report_date;  // default: today
};

// Validates a new case. Rules: person_id and classification required; dates not after
// `today`; onset and sampling not after the report date; an asymptomatic case has no
// onset date ("asymptomatic_onset"). Every invalid field is reported.
Result<Case> validate_case(const CaseInput& input, LocalDate today);

// Whether `from` may be reclassified to `to`: suspected to confirmed or asymptomatic, and
// asymptomatic to confirmed (symptoms appeared). A confirmed case stays confirmed.
bool may_reclassify(CaseClassification from, CaseClassification to);

// Reclassifies `c` (its onset date set when given). Conflict "case_closed" once an
// outcome is recorded, "illegal_reclassification" for a step may_reclassify refuses;
// invalid "onset_date_required" when an asymptomatic case becomes confirmed without an
// onset date, and the date rules of validate_case for the new onset date.
Status reclassify_case(Case& c, CaseClassification to, std::optional<LocalDate> onset_date,
                       LocalDate today);

// Closes `c` with an outcome on `date`. Conflict "case_closed" when it already has one;
// invalid "ruled_out_not_suspected" for ruling out a confirmed or asymptomatic case, and
// "outcome_date" before the report date or after today.
Status close_case(Case& c, CaseOutcome outcome, LocalDate date, LocalDate today);

// The part of the policy in force that decides contact categories: a person exposed to
// a case on or after (anchor date - window) is a close contact. 2 days in the 5th
// edition of the national protocol, 4 in the 9th.
struct ContactRule {
  int days_before_anchor = 4;
  bool secondary_contacts = true;  // the "20 measures" stopped tracing them
};

// Category of a person exposed until `last_exposure` to a source: a case (`source_case`
// set), a close contact of one (`source_is_close_contact`), or neither.
ContactCategory derive_contact_category(const ContactRule& rule, const Case* source_case,
                                        bool source_is_close_contact, LocalDate last_exposure);

struct Exposure {
  int64_t id = 0;
  int64_t person_id = 0;         // who was exposed
  int64_t source_person_id = 0;  // to whom
  ExposureSetting setting = ExposureSetting::kOther;
  LocalDate first_date;
  LocalDate last_date;
  std::string place;  // free text: "家中", "XX饭店 3号桌"
  ContactCategory category = ContactCategory::kNone;
  Instant created_at;
};

// Fields of an exposure as submitted.
struct ExposureInput {
  std::optional<int64_t> person_id;
  std::optional<int64_t> source_person_id;
  std::optional<std::string> setting;
  std::optional<std::string> first_date;  // default: last_date
  std::optional<std::string> last_date;
  std::optional<std::string> place;
};

// Validates an exposure (category left kNone). Rules: both persons required and different
// ("self_exposure"); setting one of the five; last_date required, not after `today`;
// first_date not after last_date; place at most 200 bytes. Every invalid field reported;
// `prefix` is prepended to field names ("contacts.3.") for bulk entry.
Result<Exposure> validate_exposure(const ExposureInput& input, LocalDate today,
                                   std::string_view prefix = "");

}  // namespace cordon

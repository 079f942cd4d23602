// Reports (群众反映, 投诉, 求助): what a resident, a hotel desk or a worker tells the
// command office, and the workflow each one goes through.
//
//   received > triaged > dispatched > verified (核查 on site) > resolved
//   any open step > rejected (unfounded)
//
// Every open step has a deadline by category: a gathering must be verified fast, free-range
// poultry can wait. The table is kReportDeadlines in report.cc and docs/reports.md.
//
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace cordon {

enum class ReportCategory {
  kGathering,
  kRefusingQuarantine,
  kLeavingQuarantineEarly,
  kSanitation,
  kArrivalFromRiskArea,
  kNeedsHelp,
  kMedical,
};

enum class ReportStatus { kReceived, kTriaged, kDispatched, kVerified, kResolved, kRejected };

std::string_view report_category_name(ReportCategory c);
std::optional<ReportCategory> parse_report_category(std::string_view text);
std::string report_category_list();  // "gathering, refusing_quarantine, ..."
std::string_view report_status_name(ReportStatus s);
std::optional<ReportStatus> parse_report_status(std::string_view text);

bool is_open(ReportStatus s);  // neither resolved nor rejected

// Whether a report may move from `from` to `to`: one step forward, or to rejected from
// any open step.
bool report_may_move(ReportStatus from, ReportStatus to);

// Seconds allowed for the step that follows `status` (a triaged report must be dispatched
// within this); nullopt for closed reports.
std::optional<int64_t> report_step_seconds(ReportCategory c, ReportStatus status);

// Reference numbers residents read out on the phone: kReferenceLength characters from an
// alphabet without look-alikes (no 0/O, 1/I/L). 31^10 ≈ 8e14 values.
inline constexpr std::string_view kReferenceAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
inline constexpr std::size_t kReferenceLength = 10;
// Upper-cases and drops spaces and dashes ("ab3k-7m..." as read out); nullopt when the
// result is not kReferenceLength characters of the alphabet.
std::optional<std::string> normalize_reference(std::string_view text);

// What a report says, as filed; checked by validate_report_input.
struct ReportInput {
  std::optional<std::string> category;
  std::optional<std::string> address;  // free text
  std::optional<int64_t> place_id;     // a node of the tree
  std::optional<std::string> description;
  std::optional<std::string> contact;
};

inline constexpr std::size_t kMaxReportDescription = 2000;  // code points
inline constexpr std::size_t kMaxReportAddress = 200;
inline constexpr std::size_t kMaxReportContact = 100;

struct ValidReport {
  ReportCategory category;
  std::string address;  // trimmed, may be empty when place_id is set
  std::optional<int64_t> place_id;
  std::string description;
  std::string contact;
};

// Every bad field at once: category unknown, neither address nor place_id, description
// missing or too long, text not UTF-8 or with control characters.
Result<ValidReport> validate_report_input(const ReportInput& in);

// Checks a free-text field: valid UTF-8, no control characters except newline and tab, at
// most `max` code points after trimming. Adds a field error to `v` and returns "" when bad.
std::string checked_text(Validation& v, const char* field, const std::optional<std::string>& text,
                         std::size_t max, bool required);

}  // namespace cordon
